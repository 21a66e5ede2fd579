/* A remote sfence.vma through SBI RFENCE removes a stale TLB entry from another hart.
 * The boot hart maps VA 0x40000000 to page A and starts another hart (SBI HSM) on the
 * same page table; that reader reads the VA (its TLB caches the translation). The boot
 * hart then points the PTE at page B and fences only itself: the reader still reads A,
 * through the entry it cached. After the boot hart's remote_sfence_vma for the reader
 * and that page, the reader reads B: the stale entry is gone. The output is the same on Pagoda and QEMU, with Pagoda's
 * firmware or OpenSBI. */
#include <stdint.h>

#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM    0x48534D
#define SBI_EXT_SRST   0x53525354
#define VA 0x40000000ul
#define PTE_V 1ul
#define PTE_R 2ul
#define PTE_W 4ul
#define PTE_X 8ul
#define PTE_A 64ul
#define PTE_D 128ul

struct sbiret { long error; unsigned long value; };

static struct sbiret sbi(unsigned long eid, unsigned long fid, unsigned long a0,
                         unsigned long a1, unsigned long a2, unsigned long a3)
{
    register unsigned long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1;
    register unsigned long r2 __asm__("a2") = a2, r3 __asm__("a3") = a3;
    register unsigned long r6 __asm__("a6") = fid, r7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
                     : "memory");
    return (struct sbiret){ (long)r0, r1 };
}

static void putc_sbi(char c)
{
    register unsigned long a0 __asm__("a0") = (unsigned char)c, a7 __asm__("a7") = 1;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
}

static void puts_sbi(const char *s)
{
    while (*s)
        putc_sbi(*s++);
}

static uint64_t root[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l0[512] __attribute__((aligned(4096)));
static volatile uint64_t page_a[512] __attribute__((aligned(4096)));
static volatile uint64_t page_b[512] __attribute__((aligned(4096)));
static volatile long step, seen[4];

static uint64_t leaf(uint64_t pa, uint64_t flags) { return (pa >> 12) << 10 | flags | PTE_V; }

static void wait_step(long s)
{
    while (__atomic_load_n(&step, __ATOMIC_ACQUIRE) < s)
        ;
}

static void set_step(long s) { __atomic_store_n(&step, s, __ATOMIC_RELEASE); }

/* The reader reads the VA at each step the boot hart announces. */
static void reader(void)
{
    for (long s = 1; s <= 3; s++) {
        wait_step(s);
        seen[s] = *(volatile uint64_t *)VA;
        __atomic_store_n(&seen[0], s, __ATOMIC_RELEASE);
    }
    for (;;)
        __asm__ volatile("wfi");
}

static void wait_seen(long s)
{
    while (__atomic_load_n(&seen[0], __ATOMIC_ACQUIRE) < s)
        ;
}

static const char *name(uint64_t v)
{
    return v == 0xaaaa ? "page A" : v == 0xbbbb ? "page B" : "something else";
}

void s_main(unsigned long hart, unsigned long opaque, int boot);
void s_main(unsigned long hart, unsigned long opaque, int boot)
{
    if (!boot) {
        __asm__ volatile("csrw satp, %0; sfence.vma" :: "r"(opaque) : "memory");
        reader();
    }
    page_a[0] = 0xaaaa;
    page_b[0] = 0xbbbb;
    /* RAM at its own address (one gigapage), the VA through l1 and l0 to page A. */
    root[2] = leaf(0x80000000ul, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    root[1] = leaf((uint64_t)l1, 0);
    l1[0] = leaf((uint64_t)l0, 0);
    l0[0] = leaf((uint64_t)page_a, PTE_R | PTE_W | PTE_A | PTE_D);
    uint64_t satp = 8ul << 60 | (uint64_t)root >> 12;
    __asm__ volatile("csrw satp, %0; sfence.vma" :: "r"(satp) : "memory");

    extern char secondary_entry[];
    unsigned long other = hart == 0 ? 1 : 0;
    struct sbiret r = sbi(SBI_EXT_HSM, 0, other, (unsigned long)secondary_entry, satp, 0);
    if (r.error) {
        puts_sbi("rfence: FAIL (the reader does not start)\n");
        sbi(SBI_EXT_SRST, 0, 0, 1, 0, 0);
    }
    set_step(1);
    wait_seen(1);
    l0[0] = leaf((uint64_t)page_b, PTE_R | PTE_W | PTE_A | PTE_D);
    __asm__ volatile("sfence.vma %0, zero" :: "r"(VA) : "memory");
    uint64_t mine = *(volatile uint64_t *)VA;
    set_step(2);
    wait_seen(2);
    r = sbi(SBI_EXT_RFENCE, 1, 1ul << other, 0, VA, 4096);
    set_step(3);
    wait_seen(3);

    puts_sbi("rfence: the reader reads the VA: ");
    puts_sbi(name(seen[1]));
    puts_sbi("\nrfence: PTE moved to page B; the boot hart (fenced itself) reads ");
    puts_sbi(name(mine));
    puts_sbi("\nrfence: the reader, not fenced, still reads ");
    puts_sbi(name(seen[2]));
    puts_sbi(" (its TLB entry is stale)\nrfence: remote_sfence_vma for the reader: ");
    puts_sbi(r.error ? "error" : "done");
    puts_sbi("\nrfence: the reader now reads ");
    puts_sbi(name(seen[3]));
    int ok = seen[1] == 0xaaaa && mine == 0xbbbb && seen[2] == 0xaaaa && !r.error &&
             seen[3] == 0xbbbb;
    puts_sbi(ok ? "\nrfence: PASS\n" : "\nrfence: FAIL\n");
    sbi(SBI_EXT_SRST, 0, 0, ok ? 0 : 1, 0, 0);
}
