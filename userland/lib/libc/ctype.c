/* The ctype table (ASCII); index c + 1 so that EOF (-1) is entry 0. */
#include <ctype.h>

#define C _C
#define S (_S | _C)
#define B (_S | _B)
#define P _P
#define N _N
#define UX (_U | _X)
#define LX (_L | _X)
#define U _U
#define L _L

const unsigned char __ctype[257] = {
    0,
    C, C, C, C, C, C, C, C, C, S, S, S, S, S, C, C,          /* 0x00 */
    C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,          /* 0x10 */
    B, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,          /* 0x20 */
    N, N, N, N, N, N, N, N, N, N, P, P, P, P, P, P,          /* 0x30 */
    P, UX, UX, UX, UX, UX, UX, U, U, U, U, U, U, U, U, U,    /* 0x40 */
    U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,          /* 0x50 */
    P, LX, LX, LX, LX, LX, LX, L, L, L, L, L, L, L, L, L,    /* 0x60 */
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, C,          /* 0x70 */
    /* 0x80-0xff: nothing */
};

int toupper(int c) { return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c; }
int tolower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }
