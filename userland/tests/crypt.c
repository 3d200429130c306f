/* crypt: the libc's crypt(3), the DES-based hash of /etc/passwd.
 *
 *   crypt          checks a few known hashes and the properties of the hash
 *   crypt FILE     also checks every vector of FILE, lines "salt hex hash"
 *                  (the password in hex, "-" for the empty one), such as
 *                  test/fixtures/crypt/vectors.txt from the host's libc */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

static const char ALPHABET[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static int is_hash(const char *h) {
  if (strlen(h) != 13) return 0;
  for (int i = 0; i < 13; i++)
    if (strchr(ALPHABET, h[i]) == NULL) return 0;
  return 1;
}

/* Every line of the file: how many, and how many matched (mismatches are printed). */
static void vectors(const char *file) {
  FILE *f = fopen(file, "r");
  CHECK(f != NULL, "%s opens", file);
  if (f == NULL) return;
  char line[512];
  int n = 0, good = 0;
  while (fgets(line, sizeof(line), f) != NULL) {
    char salt[8], hex[300], hash[32], pw[160];
    if (line[0] == '#' || sscanf(line, "%7s %299s %31s", salt, hex, hash) != 3) continue;
    int k = 0;
    if (strcmp(hex, "-") != 0)
      for (const char *h = hex; h[0] != 0 && h[1] != 0 && k < (int)sizeof(pw) - 1; h += 2) {
        unsigned v;
        sscanf(h, "%2x", &v);
        pw[k++] = (char)v;
      }
    pw[k] = 0;
    n++;
    const char *got = crypt(pw, salt);
    if (strcmp(got, hash) == 0) good++;
    else printf("mismatch: salt %s password %s: got %s, want %s\n", salt, hex, got, hash);
  }
  fclose(f);
  CHECK(n > 0 && good == n, "%d of %d vectors of %s match", good, n, file);
}

int main(int argc, char **argv) {
  char a[14], b[14];
  CHECK(strcmp(crypt("pw", "ab"), "abzlUXK5ed5rs") == 0, "crypt(pw, ab) = abzlUXK5ed5rs");
  CHECK(strcmp(crypt("", "ab"), "abmF1QH4PEr.E") == 0, "the empty password: abmF1QH4PEr.E");
  CHECK(strcmp(crypt("sun3lab", "Rt"), "RtdEyA9Y7Bu5k") == 0, "root's password of the image");
  strcpy(a, crypt("password", "xy"));
  CHECK(is_hash(a) && a[0] == 'x' && a[1] == 'y', "13 characters of ./0-9A-Za-z, the salt first: %s", a);
  CHECK(strcmp(crypt("password", a), a) == 0, "a hash as the salt gives the hash again (how login checks)");
  strcpy(b, crypt("password", "xz"));
  CHECK(strcmp(a + 2, b + 2) != 0, "another salt, another hash: %s", b);
  strcpy(a, crypt("12345678", "ab"));
  CHECK(strcmp(crypt("12345678 and more", "ab"), a) == 0, "only the first 8 characters count");
  CHECK(strcmp(crypt("1234567", "ab"), a) != 0, "all 8 of them");
  strcpy(a, crypt("abc", "ab"));
  CHECK(strcmp(crypt("\341\342\343", "ab"), a) == 0, "the 8th bit of each character is ignored");
  CHECK(strcmp(crypt("pw", "*"), "*") != 0, "no password gives the hash \"*\" (a locked account)");
  strcpy(a, crypt("pw", ""));
  CHECK(is_hash(a) && strcmp(a, crypt("pw", "..")) == 0, "a missing salt counts as ..");
  if (argc > 1) vectors(argv[1]);
  return DONE("crypt");
}
