/* rpc/types.h - sun3lab libc: the types the ONC RPC library (SunOS 4's
 * rpc headers) is written in. */
#ifndef _RPC_TYPES_H
#define _RPC_TYPES_H

#include <stdlib.h>
#include <sys/types.h>
#include <sys/time.h>

typedef int bool_t;
typedef int enum_t;

#ifndef TRUE
#define TRUE 1
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif

/* The library allocates through these, as Sun's did. */
#define mem_alloc(n) malloc(n)
#define mem_free(p, n) free(p)

#endif
