/* reboot - stop the machine and boot it again (see reboot.h). */
#include "reboot.h"

int main(int argc, char **argv) { return reboot_main("reboot", RB_AUTOBOOT, argc, argv); }
