/* ctype.h - sun3lab libc (ASCII) */
#ifndef _CTYPE_H
#define _CTYPE_H

#define _U 0x01  /* upper */
#define _L 0x02  /* lower */
#define _N 0x04  /* digit */
#define _S 0x08  /* space */
#define _P 0x10  /* punctuation */
#define _C 0x20  /* control */
#define _X 0x40  /* hex digit letter */
#define _B 0x80  /* blank (space character) */

extern const unsigned char __ctype[257]; /* indexed by (unsigned char)c + 1 */

#define __ct(c) (__ctype[(unsigned char)(c) + 1]) /* EOF lands on 0xff: no class */
#define isalpha(c) (__ct(c) & (_U | _L))
#define isupper(c) (__ct(c) & _U)
#define islower(c) (__ct(c) & _L)
#define isdigit(c) (__ct(c) & _N)
#define isxdigit(c) (__ct(c) & (_N | _X))
#define isspace(c) (__ct(c) & _S)
#define ispunct(c) (__ct(c) & _P)
#define isalnum(c) (__ct(c) & (_U | _L | _N))
#define isprint(c) (__ct(c) & (_P | _U | _L | _N | _B))
#define isgraph(c) (__ct(c) & (_P | _U | _L | _N))
#define iscntrl(c) (__ct(c) & _C)
#define isblank(c) ((c) == ' ' || (c) == '\t')
#define isascii(c) ((unsigned)(c) <= 0177)
#define toascii(c) ((c) & 0177)

int toupper(int c);
int tolower(int c);

#endif
