/* kernel.h — what every kernel file uses: console output, panic, string helpers,
 * kmalloc, and the boot facts read from the device tree. */
#ifndef KERNEL_H
#define KERNEL_H

#include "types.h"
#include "param.h"
#include "errno.h"

/* Physical <-> kernel virtual, through the direct map. */
#define P2V(pa) ((void *)((uint64_t)(pa) + PAGE_OFFSET))
#define V2P(va) ((uint64_t)(va) - PAGE_OFFSET)

/* printk.c */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
#define assert(cond) do { if (!(cond)) panic("assertion failed: %s (%s:%d)", \
    #cond, __FILE__, __LINE__); } while (0)

/* console.c: where printk's bytes go (SBI early, the UART once it is up). */
void console_putc(int c);
void console_putc_raw(int c);
void console_write(const char *s, size_t n);
void console_write_bytes(const char *s, size_t n, bool cooked);
void console_write_panic(const char *s, size_t n);
void console_use_uart(void);

/* string.c */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
char *kstrdup(const char *s);

/* random.c */
void get_random_bytes(void *buf, size_t n);

/* slab.c */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

/* Facts about the machine, filled in by fdt.c from the device tree. */
struct boot_info {
    uint64_t hartid;
    uint64_t dtb_pa, dtb_size;
    uint64_t ram_base, ram_size;
    uint64_t initrd_start, initrd_end;     /* physical; 0 if none */
    uint64_t timebase_hz;
    uint64_t uart_pa;
    uint32_t uart_irq;
    uint64_t plic_pa;                       /* 0 if the DTB has no PLIC */
    uint64_t rtc_pa;                        /* goldfish RTC, 0 if none */
    uint64_t trace_pa;                      /* Pagoda's trace device, 0 if none */
    uint64_t finisher_pa;                   /* sifive,test0 power-off device, 0 if none */
    int nvirtio;                            /* virtio-mmio slots, in device-tree order */
    struct { uint64_t pa; uint32_t irq; } virtio[8];
    int nreserved;
    struct { uint64_t base, size; } reserved[16];
    int nharts;                             /* enabled /cpus/cpu@N nodes, in tree order */
    uint64_t hartids[8];
    char bootargs[512];
    char swap[128];                         /* /chosen/pagoda,swap: "DEV,DEV" (--swap) */
};
extern struct boot_info boot_info;

/* main.c: the value of boot argument NAME (given with its '='), or NULL. */
const char *bootarg(const char *bootargs, const char *name);
/* The decimal number given as boot argument NAME, or dflt without one. */
uint64_t bootarg_num(const char *bootargs, const char *name, uint64_t dflt);
/* Whether boot argument NAME is given as WORD. */
bool bootarg_is(const char *bootargs, const char *name, const char *word);

/* fdt.c */
int fdt_parse(uint64_t dtb_pa, struct boot_info *bi);

/* sbi.c */
struct sbiret { long error; long value; };
struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2);
struct sbiret sbi_call5(long ext, long fid, long a0, long a1, long a2, long a3, long a4);
bool sbi_probe_extension(long ext);
void sbi_console_putchar(int c);
void sbi_set_timer(uint64_t stime);
void sbi_shutdown(bool failure) __attribute__((noreturn));
void power_off(int status) __attribute__((noreturn));
void sbi_reboot(void) __attribute__((noreturn));
void sbi_init(void);

#endif
