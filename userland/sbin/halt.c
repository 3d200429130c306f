/* halt - stop the machine (see reboot.h). */
#include "reboot.h"

int main(int argc, char **argv) { return reboot_main("halt", RB_HALT, argc, argv); }
