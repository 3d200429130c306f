/* pmreplay - a forged migration client, for the authentication tests
 * (docs/migration.md): it sends migd, on HOST's port 1789, the bytes a
 * file gives in hex (a session recorded on the LAN: the source's REQUEST
 * and AUTH, sent again from another machine), then prints every message
 * migd answers — its type, and a REFUSE's body — until migd closes.
 *
 *   pmreplay host hexfile
 *
 * Exit status 0 if migd refused (a REFUSE came), 1 otherwise. Without
 * arguments it checks itself: the hex reading and the message framing. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

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

/* Print the whole messages at the front of buf; returns the bytes they took, *refused set on a REFUSE. */
static int messages(unsigned char *buf, int have, int *refused) {
  int used = 0;
  while (have - used >= 8 && have - used >= 8 + (int)be32(buf + used + 4)) {
    unsigned char *m = buf + used;
    int type = (int)be32(m), blen = (int)be32(m + 4);
    if (type == 5) {
      char body[256];
      int n = blen < (int)sizeof body - 1 ? blen : (int)sizeof body - 1;
      memcpy(body, m + 8, n);
      body[n] = 0;
      *refused = 1;
      printf("pmreplay: refuse %s\n", body);
    } else
      printf("pmreplay: message %d (%d bytes)\n", type, blen);
    used += 8 + blen;
  }
  return used;
}

static int selftest(void) {
  const char *path = "/tmp/pmreplay.hex";
  FILE *f = fopen(path, "w");
  CHECK(f != NULL, "make %s", path);
  if (f != NULL) {
    fputs("00 01 0a\nFF zz f0 7", f); /* a stray digit at the end is dropped */
    fclose(f);
  }
  int n = readhex(path);
  CHECK(n == 5 && out[0] == 0 && out[1] == 1 && out[2] == 0x0a && out[3] == 0xff && out[4] == 0xf0,
        "hex digits read as bytes, the rest skipped (%d bytes)", n);
  unlink(path);
  CHECK(readhex("/nonexistent/pmreplay") < 0, "a missing file is an error");
  static unsigned char buf[64] = {0, 0, 0, 2, 0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0, 5, 0, 0, 0, 2, '{', '}', 0, 0, 0, 9};
  int refused = 0;
  int used = messages(buf, 26, &refused);
  CHECK(used == 22 && refused, "a CHALLENGE and a REFUSE framed, a partial header left (%d bytes taken)", used);
  refused = 0;
  CHECK(messages(buf, 11, &refused) == 0 && !refused, "a partial message waits for the rest");
  CHECK(be32((const unsigned char *)"\x12\x34\x56\x78") == 0x12345678UL, "32-bit big-endian");
  return DONE("pmreplay");
}

int main(int argc, char **argv) {
  if (argc == 1) return selftest();
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
  while ((n = read(s, in + have, sizeof in - have)) > 0) {
    have += n;
    int used = messages(in, have, &refused);
    memmove(in, in + used, have - used);
    have -= used;
    if (have == (int)sizeof in) break; /* a message too big for us: not migd's */
  }
  close(s);
  printf("pmreplay: %s\n", refused ? "refused" : "not refused");
  return refused ? 0 : 1;
}
