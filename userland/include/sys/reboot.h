/* sys/reboot.h - sun3lab libc: reboot(2) flags (SunOS 4's values).
 * reboot(howto) is for the super-user, and does not return: the file
 * systems are written back and unmounted (unless RB_NOSYNC), then the
 * machine halts (RB_HALT) or boots again. */
#ifndef _SYS_REBOOT_H
#define _SYS_REBOOT_H

#define RB_AUTOBOOT 0      /* boot again */
#define RB_NOSYNC 0x004    /* do not write the file systems back first */
#define RB_HALT 0x008      /* halt instead */

int reboot(int howto);

#endif
