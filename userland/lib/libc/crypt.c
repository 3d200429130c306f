/* crypt(3): the password hash of Version 7, 4.3BSD and SunOS 4.
 *
 * crypt(key, salt) encrypts a block of zeros 25 times with DES (FIPS 46),
 * the key being the first 8 characters of the password, 7 bits each. The
 * salt, two characters of the alphabet ./0-9A-Za-z, gives 12 bits; each set
 * bit swaps two outputs of DES's E expansion (bit j with bit j+24), so the
 * same password hashes 4096 ways and a table of precomputed DES results is
 * of no use. The 64 bits that come out are written 6 at a time in the same
 * alphabet, after the salt: 2 + 11 = 13 characters, what the second field
 * of /etc/passwd holds.
 *
 * The DES here is written for clarity first: bit numbers are DES's own (1
 * is the most significant bit), the permutations are the standard's
 * tables, applied a bit at a time where they run once per call (the key
 * schedule, the final permutation). Only the round function, run 400 times
 * per call, is made fast: S-box and P permutation merged in one table
 * (SP), E expansion done with shifts. */
#include <string.h>
#include <unistd.h>

/* Permuted choice 1: the 56 key bits (of 64; every 8th is parity) that form C and D. */
static const unsigned char PC1[56] = {
    57, 49, 41, 33, 25, 17, 9,  1,  58, 50, 42, 34, 26, 18, 10, 2,  59, 51, 43, 35, 27, 19, 11, 3,  60, 52, 44, 36,
    63, 55, 47, 39, 31, 23, 15, 7,  62, 54, 46, 38, 30, 22, 14, 6,  61, 53, 45, 37, 29, 21, 13, 5,  28, 20, 12, 4,
};

/* Permuted choice 2: the 48 bits of C and D (numbered 1-56) that form a round's subkey. */
static const unsigned char PC2[48] = {
    14, 17, 11, 24, 1,  5,  3,  28, 15, 6,  21, 10, 23, 19, 12, 4,  26, 8,  16, 7,  27, 20, 13, 2,
    41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
};

/* How far C and D rotate left before each of the 16 rounds. */
static const unsigned char SHIFTS[16] = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};

/* The permutation P of the S-boxes' 32 output bits. */
static const unsigned char P[32] = {
    16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
    2,  8, 24, 14, 32, 27, 3,  9,  19, 13, 30, 6, 22, 11, 4,  25,
};

/* The final permutation (the inverse of the initial one). */
static const unsigned char FP[64] = {
    40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31, 38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
    36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27, 34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9,  49, 17, 57, 25,
};

/* The eight S-boxes: 4 rows (chosen by the outer bits of the 6 in) of 16 columns (the inner 4). */
static const unsigned char S[8][64] = {
    {14, 4,  13, 1, 2,  15, 11, 8,  3,  10, 6,  12, 5,  9,  0, 7,  0, 15, 7,  4,  14, 2,  13, 1,  10, 6, 12, 11, 9,  5,  3,  8,
     4,  1,  14, 8, 13, 6,  2,  11, 15, 12, 9,  7,  3,  10, 5, 0,  15, 12, 8, 2,  4,  9,  1,  7,  5,  11, 3,  14, 10, 0,  6,  13},
    {15, 1,  8,  14, 6,  11, 3,  4,  9,  7, 2,  13, 12, 0, 5,  10, 3,  13, 4, 7,  15, 2,  8,  14, 12, 0, 1,  10, 6,  9,  11, 5,
     0,  14, 7,  11, 10, 4,  13, 1,  5,  8, 12, 6,  9,  3, 2,  15, 13, 8,  10, 1, 3,  15, 4,  2,  11, 6, 7,  12, 0,  5,  14, 9},
    {10, 0,  9,  14, 6, 3,  15, 5,  1,  13, 12, 7,  11, 4,  2,  8,  13, 7,  0,  9,  3,  4, 6,  10, 2,  8, 5,  14, 12, 11, 15, 1,
     13, 6,  4,  9,  8, 15, 3,  0,  11, 1,  2,  12, 5,  10, 14, 7,  1,  10, 13, 0,  6,  9, 8,  7,  4,  15, 14, 3,  11, 5,  2,  12},
    {7,  13, 14, 3, 0,  6,  9,  10, 1,  2, 8, 5,  11, 12, 4,  15, 13, 8,  11, 5,  6,  15, 0,  3,  4, 7,  2,  12, 1,  10, 14, 9,
     10, 6,  9,  0, 12, 11, 7,  13, 15, 1, 3, 14, 5,  2,  8,  4,  3,  15, 0,  6,  10, 1,  13, 8,  9, 4,  5,  11, 12, 7,  2,  14},
    {2,  12, 4,  1,  7,  10, 11, 6, 8,  5,  3,  15, 13, 0, 14, 9,  14, 11, 2,  12, 4, 7,  13, 1,  5,  0,  15, 10, 3,  9,  8,  6,
     4,  2,  1,  11, 10, 13, 7,  8, 15, 9,  12, 5,  6,  3, 0,  14, 11, 8,  12, 7,  1, 14, 2,  13, 6,  15, 0,  9,  10, 4,  5,  3},
    {12, 1,  10, 15, 9, 2,  6,  8,  0,  13, 3,  4,  14, 7,  5,  11, 10, 15, 4,  2,  7,  12, 9,  5,  6,  1,  13, 14, 0,  11, 3,  8,
     9,  14, 15, 5,  2, 8,  12, 3,  7,  0,  4,  10, 1,  13, 11, 6,  4,  3,  2,  12, 9,  5,  15, 10, 11, 14, 1,  7,  6,  0,  8,  13},
    {4,  11, 2,  14, 15, 0, 8,  13, 3,  12, 9, 7,  5,  10, 6, 1,  13, 0,  11, 7,  4,  9,  1,  10, 14, 3,  5,  12, 2,  15, 8,  6,
     1,  4,  11, 13, 12, 3, 7,  14, 10, 15, 6, 8,  0,  5,  9, 2,  6,  11, 13, 8,  1,  4,  10, 7,  9,  5,  0,  15, 14, 2,  3,  12},
    {13, 2,  8,  4, 6,  15, 11, 1,  10, 9,  3,  14, 5,  0,  12, 7,  1,  15, 13, 8,  10, 3,  7,  4,  12, 5,  6,  11, 0,  14, 9, 2,
     7,  11, 4,  1, 9,  12, 14, 2,  0,  6,  10, 13, 15, 3,  5,  8,  2,  1,  14, 7,  4,  10, 8,  13, 15, 12, 9,  0,  3,  5,  6, 11},
};

/* The 64 characters of the encoding: value 0 is '.', 63 is 'z'. */
static const char ALPHABET[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* SP[box][six input bits]: that S-box's 4-bit output put in its place and permuted by P. */
static unsigned long SP[8][64];
static int sp_ready;

/* Bit n (1 = the most significant) of a 32-bit word, as a mask. */
#define BIT32(n) (1UL << (32 - (n)))

static void sp_init(void) {
  for (int box = 0; box < 8; box++) {
    for (int in = 0; in < 64; in++) {
      int row = ((in >> 4) & 2) | (in & 1);
      int col = (in >> 1) & 15;
      unsigned long s = (unsigned long)S[box][row * 16 + col] << (28 - 4 * box);
      unsigned long out = 0;
      for (int i = 0; i < 32; i++)
        if (s & BIT32(P[i])) out |= BIT32(i + 1);
      SP[box][in] = out;
    }
  }
  sp_ready = 1;
}

/* The 16 subkeys of `key` (8 bytes, DES bit 1 = the top bit of key[0]), each as 8 groups of 6 bits. */
static void key_schedule(const unsigned char key[8], unsigned char sub[16][8]) {
  unsigned long c = 0, d = 0; /* 28 bits each */
  for (int i = 0; i < 56; i++) {
    int n = PC1[i] - 1;
    unsigned long b = (key[n >> 3] >> (7 - (n & 7))) & 1;
    if (i < 28)
      c = (c << 1) | b;
    else
      d = (d << 1) | b;
  }
  for (int r = 0; r < 16; r++) {
    for (int s = 0; s < SHIFTS[r]; s++) {
      c = ((c << 1) | (c >> 27)) & 0xfffffff;
      d = ((d << 1) | (d >> 27)) & 0xfffffff;
    }
    for (int g = 0; g < 8; g++) {
      unsigned char v = 0;
      for (int j = 0; j < 6; j++) {
        int n = PC2[g * 6 + j]; /* 1-28 in C, 29-56 in D */
        unsigned long b = n <= 28 ? (c >> (28 - n)) & 1 : (d >> (56 - n)) & 1;
        v = (unsigned char)((v << 1) | b);
      }
      sub[r][g] = v;
    }
  }
}

/* The round function f(R, K), with the salt's swaps (m0, m1) in the E expansion. */
static unsigned long f(unsigned long r, const unsigned char k[8], unsigned m0, unsigned m1) {
  unsigned e[8];
  /* E: group g is bits 4g .. 4g+5 of R, bit 0 meaning 32 and bit 33 meaning 1 */
  e[0] = (unsigned)(((r & 1) << 5) | (r >> 27));
  for (int g = 1; g < 7; g++) e[g] = (unsigned)(r >> (27 - 4 * g)) & 0x3f;
  e[7] = (unsigned)(((r & 0x1f) << 1) | (r >> 31));
  /* the salt: E bit j and bit j+24 (groups 0/4 and 1/5) trade places */
  unsigned t = (e[0] ^ e[4]) & m0;
  e[0] ^= t;
  e[4] ^= t;
  t = (e[1] ^ e[5]) & m1;
  e[1] ^= t;
  e[5] ^= t;
  unsigned long out = 0;
  for (int g = 0; g < 8; g++) out |= SP[g][e[g] ^ k[g]];
  return out;
}

/* A salt character's 6 bits (what 4.3BSD computes for any character; the alphabet gives 0-63). */
static unsigned salt_bits(int c) {
  if (c > 'Z') c -= 6;
  if (c > '9') c -= 7;
  return (unsigned)(c - '.') & 0x3f;
}

/* Salt bit j (the low bit first) swaps E bit j: position 5-j in its 6-bit group. */
static unsigned swap_mask(unsigned v) {
  unsigned m = 0;
  for (int j = 0; j < 6; j++)
    if (v & (1u << j)) m |= 1u << (5 - j);
  return m;
}

char *crypt(const char *key, const char *salt) {
  static char result[14];
  unsigned char k[8];
  unsigned char sub[16][8];
  if (!sp_ready) sp_init();

  memset(k, 0, sizeof(k));
  for (int i = 0; i < 8 && key[i] != 0; i++) k[i] = (unsigned char)(key[i] << 1);
  key_schedule(k, sub);

  /* A missing salt character counts as '.', which swaps nothing. */
  result[0] = salt[0] != 0 ? salt[0] : '.';
  result[1] = salt[0] != 0 && salt[1] != 0 ? salt[1] : '.';
  unsigned m0 = swap_mask(salt_bits((unsigned char)result[0]));
  unsigned m1 = swap_mask(salt_bits((unsigned char)result[1]));

  /* 25 encryptions, each of the last one's result. Between two of them the
   * final and the initial permutation cancel out, so only the halves'
   * exchange at the end of each is done. */
  unsigned long l = 0, r = 0;
  for (int n = 0; n < 25; n++) {
    for (int round = 0; round < 16; round++) {
      unsigned long t = r;
      r = (l ^ f(r, sub[round], m0, m1)) & 0xffffffffUL;
      l = t;
    }
    unsigned long t = l;
    l = r;
    r = t;
  }

  /* the final permutation, into 8 bytes */
  unsigned char out[9];
  memset(out, 0, sizeof(out));
  for (int i = 0; i < 64; i++) {
    int n = FP[i]; /* 1-32 in l, 33-64 in r */
    unsigned long b = n <= 32 ? (l >> (32 - n)) & 1 : (r >> (64 - n)) & 1;
    if (b) out[i >> 3] |= (unsigned char)(0x80 >> (i & 7));
  }
  /* 11 characters of 6 bits from the top; the last has 4 bits and two zeros */
  for (int i = 0; i < 11; i++) {
    int bit = i * 6;
    unsigned v = ((unsigned)out[bit >> 3] << 8 | out[(bit >> 3) + 1]) >> (10 - (bit & 7));
    result[2 + i] = ALPHABET[v & 0x3f];
  }
  result[13] = 0;
  return result;
}
