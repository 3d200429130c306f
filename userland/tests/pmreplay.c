/* pmreplay - a forged migration client, for the authentication tests
 * (docs/migration.md): it sends migd, on HOST's port 1789, the bytes a
 * file gives in hex (a session recorded on the LAN: the source's REQUEST
 * and AUTH, sent again from another machine), then prints every message
 * migd answers — its type, and a REFUSE's body — until migd closes.
 *
 *   pmreplay host hexfile
 *
 * Exit status 0 if migd refused (a REFUSE came), 1 otherwise. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static unsigned char out[8192];
static unsigned char in[8192];

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The file's hex digits as bytes (anything else between them is skipped). */
static int readhex(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  char buf[512];
  int n, len = 0, half = -1;
  while ((n = read(fd, buf, sizeof buf)) > 0)
    for (int i = 0; i < n; i++) {
      int v = hexval(buf[i]);
      if (v < 0) continue;
      if (half < 0) half = v;
      else if (len < (int)sizeof out) {
        out[len++] = (unsigned char)(half << 4 | v);
        half = -1;
      }
    }
  close(fd);
  return len;
}

static unsigned long be32(const unsigned char *p) {
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: pmreplay host hexfile\n");
    return 2;
  }
  struct hostent *h = gethostbyname(argv[1]);
  int len = readhex(argv[2]);
  if (h == NULL || len <= 0) {
    fprintf(stderr, "pmreplay: no host %s or no bytes in %s\n", argv[1], argv[2]);
    return 2;
  }
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(1789);
  memcpy(&sin.sin_addr, h->h_addr, sizeof sin.sin_addr);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0 || connect(s, (struct sockaddr *)&sin, sizeof sin) < 0) {
    perror("pmreplay: connect");
    return 1;
  }
  if (write(s, out, len) != len) {
    perror("pmreplay: write");
    return 1;
  }
  printf("pmreplay: sent %d bytes to %s\n", len, argv[1]);
  int have = 0, refused = 0, n;
  while ((n = read(s, in + have, sizeof in - 1 - have)) > 0) {
    have += n;
    while (have >= 8 && have >= 8 + (int)be32(in + 4)) {
      int type = (int)be32(in), blen = (int)be32(in + 4);
      if (type == 5) {
        refused = 1;
        in[8 + blen] = 0;
        printf("pmreplay: refuse %s\n", (char *)in + 8);
      } else
        printf("pmreplay: message %d (%d bytes)\n", type, blen);
      memmove(in, in + 8 + blen, have - 8 - blen);
      have -= 8 + blen;
    }
  }
  close(s);
  printf("pmreplay: %s\n", refused ? "refused" : "not refused");
  return refused ? 0 : 1;
}
