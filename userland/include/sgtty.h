/* sgtty.h - sun3lab libc */
#ifndef _SGTTY_H
#define _SGTTY_H
#include <sys/ioctl.h>
int gtty(int fd, struct sgttyb *sg);
int stty(int fd, struct sgttyb *sg);
#endif
