/* What a device may do to a hart, without knowing what a hart is made of: drive one of
 * its interrupt lines (the CLINT's MSIP, the PLIC's MEIP and SEIP), set the deadline of
 * its machine timer (the CLINT's mtimecmp: MTIP is high from that time on), say that an
 * interrupt came from another hart, and halt it after the current instruction
 * (power-off, an HTIF exit). The hart itself decides pending-ness and priorities
 * (hart.c). */
#ifndef PAGODA_IRQ_H
#define PAGODA_IRQ_H

#include <stdbool.h>
#include <stdint.h>

struct hart;

/* Raises (level true) or lowers interrupt line irq (IRQ_MSI, IRQ_MEI, IRQ_SEI). */
void hart_set_irq(struct hart *h, int irq, bool level);
/* MTIP follows mtime >= when from now on (UINT64_MAX: never). */
void hart_set_timer_deadline(struct hart *h, uint64_t when);
/* mtime itself was written (or, from the hart's CSRs, stimecmp or menvcfg.STCE): the
 * timer lines are recomputed and the machine loop re-plans its slice. */
void hart_timers_changed(struct hart *h);
/* Another hart raised this hart's software interrupt (a CLINT msip write): what the
 * hart then runs in M-mode, until it returns below M, serves that request; its
 * sfence.vma instructions count as remote fences (shootdowns). */
void hart_ipi_from_another(struct hart *h);
/* Power-off (the finisher, an HTIF exit): the hart stops for good after the current
 * instruction, which retires. */
void hart_halt(struct hart *h);

#endif
