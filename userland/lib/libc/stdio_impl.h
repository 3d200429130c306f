/* Flag bits of FILE._flags (private to the libc). */
#ifndef _STDIO_IMPL_H
#define _STDIO_IMPL_H

#define _SRD 0x0001      /* opened for reading */
#define _SWR 0x0002      /* opened for writing */
#define _SEOF 0x0004     /* end of file seen */
#define _SERR 0x0008     /* error seen */
#define _SLBF 0x0010     /* line-buffered */
#define _SNBF 0x0020     /* unbuffered */
#define _SFBF 0x0040     /* fully buffered, by request */
#define _SMYBUF 0x0080   /* _buf came from malloc */
#define _SUSED 0x0100    /* slot in use */
#define _SREADING 0x0200 /* buffer holds input */
#define _SWRITING 0x0400 /* buffer holds output */

#endif
