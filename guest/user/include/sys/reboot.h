/* sys/reboot.h — reboot(2) commands (Linux LINUX_REBOOT_CMD_*). */
#ifndef _PAGODA_SYS_REBOOT_H
#define _PAGODA_SYS_REBOOT_H

#define RB_AUTOBOOT    0x01234567
#define RB_HALT_SYSTEM 0xcdef0123
#define RB_POWER_OFF   0x4321fedc

int reboot(int cmd);
/* Pagoda: powers off with an exit status for the machine (reboot(2)'s fourth
 * argument, which Linux ignores for RB_POWER_OFF). Returns only on failure. */
int power_off_status(int status);

#endif
