/* IPI ping-pong through the CLINT's msip. Hart 0 pings each other hart in turn; the
 * pinged hart takes the machine software interrupt in its trap handler (it sleeps in
 * WFI with interrupts on), counts it and pings hart 0 back; hart 0 waits for the pong
 * in WFI with interrupts off and clears its own msip. The output is the same on
 * Pagoda and QEMU. */
#include "smp.h"

#define ROUNDS 500
#define MIP_MSIP (1ul << 3)
#define MSTATUS_MIE (1ul << 3)

static volatile long pongs[NHARTS];
static volatile long done;

/* Saves what a C call may change, calls on_msi, returns. */
void trap_vector(void);
__asm__(".align 2\n"
        "trap_vector:\n"
        "  addi sp, sp, -128\n"
        "  sd ra, 0(sp)\n"
        "  sd t0, 8(sp)\n"
        "  sd t1, 16(sp)\n"
        "  sd t2, 24(sp)\n"
        "  sd t3, 32(sp)\n"
        "  sd t4, 40(sp)\n"
        "  sd t5, 48(sp)\n"
        "  sd t6, 56(sp)\n"
        "  sd a0, 64(sp)\n"
        "  sd a1, 72(sp)\n"
        "  sd a2, 80(sp)\n"
        "  sd a3, 88(sp)\n"
        "  sd a4, 96(sp)\n"
        "  sd a5, 104(sp)\n"
        "  sd a6, 112(sp)\n"
        "  sd a7, 120(sp)\n"
        "  call on_msi\n"
        "  ld ra, 0(sp)\n"
        "  ld t0, 8(sp)\n"
        "  ld t1, 16(sp)\n"
        "  ld t2, 24(sp)\n"
        "  ld t3, 32(sp)\n"
        "  ld t4, 40(sp)\n"
        "  ld t5, 48(sp)\n"
        "  ld t6, 56(sp)\n"
        "  ld a0, 64(sp)\n"
        "  ld a1, 72(sp)\n"
        "  ld a2, 80(sp)\n"
        "  ld a3, 88(sp)\n"
        "  ld a4, 96(sp)\n"
        "  ld a5, 104(sp)\n"
        "  ld a6, 112(sp)\n"
        "  ld a7, 120(sp)\n"
        "  addi sp, sp, 128\n"
        "  mret\n");

/* The pinged hart: clear our msip, count, ping hart 0 back. (Only a software
 * interrupt is enabled, so nothing else arrives here.) */
void on_msi(void);
void on_msi(void)
{
    unsigned long h;
    __asm__ volatile("csrr %0, mhartid" : "=r"(h));
    *CLINT_MSIP(h) = 0;
    pongs[h]++;
    __asm__ volatile("fence rw, rw" ::: "memory");
    *CLINT_MSIP(0) = 1;
}

static void wait_msip(void)
{
    unsigned long mip;
    for (;;) {
        __asm__ volatile("csrr %0, mip" : "=r"(mip));
        if (mip & MIP_MSIP)
            return;
        __asm__ volatile("wfi");
    }
}

void hart_main(unsigned long h)
{
    __asm__ volatile("csrw mie, %0" :: "r"(MIP_MSIP));
    if (h != 0) {
        __asm__ volatile("csrw mtvec, %0" :: "r"(trap_vector));
        __asm__ volatile("csrs mstatus, %0" :: "r"(MSTATUS_MIE));
        barrier(1);
        while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE))
            __asm__ volatile("wfi");
        return;
    }
    barrier(1);
    long bad = 0;
    for (unsigned long k = 1; k < NHARTS; k++)
        for (long r = 1; r <= ROUNDS; r++) {
            *CLINT_MSIP(k) = 1;
            wait_msip();
            *CLINT_MSIP(0) = 0;
            __asm__ volatile("fence rw, rw" ::: "memory");
            bad += pongs[k] != r;
        }
    __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
    for (unsigned long k = 1; k < NHARTS; k++) {
        say("ipi: hart ", k, " answered ");
        say("", (unsigned long)pongs[k], " pings\n");
    }
    puts_raw(bad ? "ipi: FAIL\n" : "ipi: PASS\n");
    power_off(bad != 0);
}
