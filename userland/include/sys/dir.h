/* sys/dir.h - sun3lab libc: 4.3BSD name for the same records */
#ifndef _SYS_DIR_H
#define _SYS_DIR_H
#include <dirent.h>
#define direct dirent
#endif
