/* Internet address conversion (4.3BSD's inet_addr.c and inet_aton, inet_network.c,
 * inet_ntoa.c, inet_netof.c, inet_lnaof.c). Addresses are in network order,
 * which on the 68020 is also host order. */
#include <arpa/inet.h>
#include <stdio.h>

/* Up to four numbers separated by dots, each decimal, octal (0...) or hex (0x...).
 * Returns how many, or -1 if the text is not that. */
static int parts(const char *cp, unsigned long v[4]) {
  int n = 0;
  for (;;) {
    unsigned long x = 0;
    int base = 10, digits = 0;
    if (*cp == '0') {
      base = 8;
      cp++;
      digits = 1;
      if (*cp == 'x' || *cp == 'X') {
        base = 16;
        cp++;
        digits = 0;
      }
    }
    for (;; cp++) {
      int c = *cp, d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else break;
      if (d >= base) return -1;
      if (x > (0xffffffffUL - d) / base) return -1;
      x = x * base + d;
      digits++;
    }
    if (digits == 0 || n == 4) return -1;
    v[n++] = x;
    if (*cp == 0) return n;
    if (*cp != '.') return -1;
    cp++;
  }
}

/* The address "a.b.c.d" (or a.b.c, a.b, a) stands for, in *out; 0 if the text is not one. */
static int inet_parse(const char *cp, unsigned long *out) {
  unsigned long v[4];
  switch (parts(cp, v)) {
  case 1: /* a: 32 bits */
    *out = v[0];
    return 1;
  case 2: /* a.b: 8.24 bits (class A) */
    if (v[0] > 0xff || v[1] > 0xffffff) break;
    *out = v[0] << 24 | v[1];
    return 1;
  case 3: /* a.b.c: 8.8.16 bits (class B) */
    if (v[0] > 0xff || v[1] > 0xff || v[2] > 0xffff) break;
    *out = v[0] << 24 | v[1] << 16 | v[2];
    return 1;
  case 4:
    if (v[0] > 0xff || v[1] > 0xff || v[2] > 0xff || v[3] > 0xff) break;
    *out = v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3];
    return 1;
  }
  return 0;
}

unsigned long inet_addr(const char *cp) {
  unsigned long a;
  return inet_parse(cp, &a) ? a : INADDR_NONE;
}

/* As inet_addr, but 255.255.255.255 is told apart from an error: 1 if valid (the address in *in), 0 if not. */
int inet_aton(const char *cp, struct in_addr *in) {
  unsigned long a;
  if (!inet_parse(cp, &a)) return 0;
  if (in != 0) in->s_addr = a;
  return 1;
}

unsigned long inet_network(const char *cp) {
  unsigned long v[4], net = 0;
  int n = parts(cp, v);
  if (n < 0) return INADDR_NONE;
  for (int i = 0; i < n; i++) {
    if (v[i] > 0xff) return INADDR_NONE;
    net = net << 8 | v[i];
  }
  return net;
}

char *inet_ntoa(struct in_addr in) {
  static char b[16];
  unsigned long a = in.s_addr;
  snprintf(b, sizeof(b), "%lu.%lu.%lu.%lu", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
  return b;
}

unsigned long inet_netof(struct in_addr in) {
  unsigned long a = in.s_addr;
  if (IN_CLASSA(a)) return (a & IN_CLASSA_NET) >> 24;
  if (IN_CLASSB(a)) return (a & IN_CLASSB_NET) >> 16;
  return (a & IN_CLASSC_NET) >> 8;
}

unsigned long inet_lnaof(struct in_addr in) {
  unsigned long a = in.s_addr;
  if (IN_CLASSA(a)) return a & ~IN_CLASSA_NET;
  if (IN_CLASSB(a)) return a & ~IN_CLASSB_NET;
  return a & ~IN_CLASSC_NET;
}
