/* limits.h - sun3lab libc */
#ifndef _LIMITS_H
#define _LIMITS_H

#define CHAR_BIT 8
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#define SHRT_MIN (-32768)
#define SHRT_MAX 32767
#define USHRT_MAX 65535
#define INT_MIN (-2147483647 - 1)
#define INT_MAX 2147483647
#define UINT_MAX 4294967295U
#define LONG_MIN (-2147483647L - 1)
#define LONG_MAX 2147483647L
#define ULONG_MAX 4294967295UL
#define LLONG_MIN (-9223372036854775807LL - 1)
#define LLONG_MAX 9223372036854775807LL
#define ULLONG_MAX 18446744073709551615ULL

#define PATH_MAX 1024   /* MAXPATHLEN */
#define NAME_MAX 255    /* MAXNAMLEN */
#define ARG_MAX 1048576 /* bytes of exec arguments and environment (SunOS 4.1's NCARGS) */
#define OPEN_MAX 64
#define CHILD_MAX 25    /* processes per user (the kernel's MAXUPRC) */
#define NGROUPS_MAX 8
#define LINK_MAX 32767
#define PIPE_BUF 4096
#define MAX_CANON 256   /* a terminal's longest input line */
#define MAX_INPUT 256
#define SSIZE_MAX 2147483647
#define TZNAME_MAX 3

/* The least any POSIX.1 system allows. */
#define _POSIX_ARG_MAX 4096
#define _POSIX_CHILD_MAX 6
#define _POSIX_LINK_MAX 8
#define _POSIX_MAX_CANON 255
#define _POSIX_MAX_INPUT 255
#define _POSIX_NAME_MAX 14
#define _POSIX_NGROUPS_MAX 0
#define _POSIX_OPEN_MAX 16
#define _POSIX_PATH_MAX 255
#define _POSIX_PIPE_BUF 512
#define _POSIX_SSIZE_MAX 32767
#define _POSIX_STREAM_MAX 8
#define _POSIX_TZNAME_MAX 3
#define STREAM_MAX 20   /* FOPEN_MAX */

#endif
