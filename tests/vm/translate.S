/* Sv39 translation at every level (privileged spec §4.3.2, §4.4): loads, stores and
 * fetches in S and U through 4 KiB pages, 2 MiB megapages and 1 GiB gigapages, with
 * the physical address made of the leaf's PPN and the VA's low bits (for a
 * superpage, VPN[0] and VPN[1] come from the VA). PVAL(k, off) at a physical test
 * page tells where a load landed. */
#include "vm.h"

/* Run code in S / U and expect it to finish with its ecall. */
#define IN_S(n, ...) TEST_IN(n, PRV_S, CAUSE_ECALL_S, __VA_ARGS__)
#define IN_U(n, ...) TEST_IN(n, PRV_U, CAUSE_ECALL_U, __VA_ARGS__)

/* Jump to the code page at the VA in a1 (in S or U): xcode sets a0 and calls ecall
 * at a1 + 4; expect that ecall's cause and mepc. */
#define TEST_FETCH(n, mode, cause) \
    li a0, 0; TEST_IN(n, mode, cause, jalr a1); EXPECT(a0, 0x123); \
    addi a2, a1, 4; EXPECT_TRAP_REG(mtrap_rec, TR_EPC, a2)

/* rd = the dword at base + off (any off). Uses t2. */
#define LD_AT(rd, base, off) li t2, off; add t2, base, t2; ld rd, 0(t2)

#define MAGIC1 0x0123456789abcdef
#define MAGIC2 0xfedcba9876543210

TEST_BEGIN
    /* ---- 4 KiB pages ---- */
    MAP_PAGE(1, 3, PTE_RW)
    MAP_PAGE(2, 5, PTE_RW)
    MAP_PAGE(3, 3, PTE_RW)                  /* an alias of VA_PAGE(1) */
    MAP_PAGE(511, 9, PTE_RO)                /* the last entry of a table */
    IN_S(1, li a1, VA_PAGE(1); ld a0, 0x10(a1))
    EXPECT(a0, PVAL(3, 0x10))
    IN_S(2, li a1, VA_PAGE(1); ld a0, 0x7f8(a1); li a2, 0xff8; add a1, a1, a2; ld a2, 0(a1))
    EXPECT(a0, PVAL(3, 0x7f8))
    EXPECT(a2, PVAL(3, 0xff8))
    IN_S(3, li a1, VA_PAGE(2); ld a0, 8(a1))
    EXPECT(a0, PVAL(5, 8))
    IN_S(4, li a1, VA_PAGE(511); lw a0, 0x20(a1); lw a2, 0x24(a1); lbu a3, 0x27(a1))
    EXPECT(a0, 0x20)                        /* little-endian: PVAL's low word first */
    EXPECT(a2, 0x5a000009)
    EXPECT(a3, 0x5a)
    /* a store through one VA is seen through its alias and at the physical page */
    IN_S(5, li a1, VA_PAGE(1); li a2, MAGIC1; sd a2, 0x20(a1); li a1, VA_PAGE(3); ld a0, 0x20(a1))
    EXPECT(a0, MAGIC1)
    TESTNUM(6)
    la a1, phys_page
    li t0, 3 * 4096
    add a1, a1, t0
    ld a0, 0x20(a1)
    EXPECT(a0, MAGIC1)
    /* and not at the other page */
    IN_S(7, li a1, VA_PAGE(2); ld a0, 0x20(a1))
    EXPECT(a0, PVAL(5, 0x20))

    /* U-mode through U pages */
    MAP_PAGE(4, 7, PTE_RW | PTE_U)
    ID_USER
    IN_U(8, li a1, VA_PAGE(4); ld a0, 0x100(a1); li a2, MAGIC2; sd a2, 0x108(a1); ld a2, 0x108(a1))
    EXPECT(a0, PVAL(7, 0x100))
    EXPECT(a2, MAGIC2)
    ID_SUPER

    /* three levels of tables off the reset ones: root[3] -> spare0, spare0[5] ->
     * spare1, spare1[7] -> page 11: each level's VPN field picks its own entry */
    la a1, pt_spare0
    PT_SET_PA(pt_root, 3, a1, PTE_TABLE)
    la a1, pt_spare1
    PT_SET_PA(pt_spare0, 5, a1, PTE_TABLE)
    PT_SET_LABEL(pt_spare1, 7, phys_page, 11 * 4096, PTE_RW)
    PT_SET_LABEL(pt_spare1, 6, phys_page, 12 * 4096, PTE_RW)
    sfence.vma
    IN_S(9, li a1, (3 << 30) | (5 << 21) | (7 << 12); ld a0, 0x18(a1); ld a2, -8(a1))
    EXPECT(a0, PVAL(11, 0x18))
    EXPECT(a2, PVAL(12, 0xff8))

    /* ---- 2 MiB megapages ---- */
    /* pt_l1[1]: VA_MEGA(1) onto RAM_BASE, so the image is at label - RAM_BASE */
    li a1, RAM_BASE
    PT_SET_PA(pt_l1, 1, a1, PTE_RWX)
    sfence.vma
    la a1, phys_page
    VIA_SUPER(a1, VA_MEGA(1))
    IN_S(10, LD_AT(a0, a1, 4 * 4096 + 0x30))
    EXPECT(a0, PVAL(4, 0x30))
    IN_S(11, LD_AT(a0, a1, 15 * 4096 + 0xff0))
    EXPECT(a0, PVAL(15, 0xff0))
    /* pt_l1[2]: VA_MEGA(2) onto 0x80600000 (RAM the image does not use); the VA's
     * VPN[0] and offset select the dword */
    li a1, RAM_BASE + 0x600000
    PT_SET_PA(pt_l1, 2, a1, PTE_RW)
    sfence.vma
    li a2, MAGIC1
    li a1, RAM_BASE + 0x61abc8
    sd a2, 0(a1)
    li a2, MAGIC2
    li a1, RAM_BASE + 0x7ffff8
    sd a2, 0(a1)
    IN_S(12, li a1, VA_MEGA(2) + 0x1abc8; ld a0, 0(a1))
    EXPECT(a0, MAGIC1)
    IN_S(13, li a1, VA_MEGA(2) + 0x1ffff8; ld a0, 0(a1))
    EXPECT(a0, MAGIC2)
    /* a store through the megapage reaches the physical address */
    IN_S(14, li a1, VA_MEGA(2) + 0x100010; li a2, MAGIC2; sd a2, 0(a1))
    TESTNUM(15)
    li a1, RAM_BASE + 0x700010
    ld a0, 0(a1)
    EXPECT(a0, MAGIC2)

    /* ---- 1 GiB gigapages ---- */
    /* root[1]: VA_GIGA onto RAM_BASE; VPN[1] and VPN[0] come from the VA */
    li a1, RAM_BASE
    PT_SET_PA(pt_root, 1, a1, PTE_RWX)
    sfence.vma
    la a1, phys_page
    VIA_SUPER(a1, VA_GIGA)
    IN_S(16, LD_AT(a0, a1, 6 * 4096 + 0x40))
    EXPECT(a0, PVAL(6, 0x40))
    IN_S(17, li a1, VA_GIGA + 0x61abc8; ld a0, 0(a1); li a1, VA_GIGA + 0x7ffff8; ld a2, 0(a1))
    EXPECT(a0, MAGIC1)
    EXPECT(a2, MAGIC2)
    /* root[511]: the top gigapage of the sign-extended upper half */
    li a1, RAM_BASE
    PT_SET_PA(pt_root, 511, a1, PTE_RWX)
    sfence.vma
    la a1, phys_page
    VIA_SUPER(a1, VA_HIGH)
    IN_S(18, LD_AT(a0, a1, 8 * 4096 + 0x48))
    EXPECT(a0, PVAL(8, 0x48))
    IN_S(19, li a1, VA_HIGH + 0x61abc8; ld a0, 0(a1))
    EXPECT(a0, MAGIC1)
    /* a store through the gigapage, read back through a 4 KiB page */
    la a1, phys_page
    VIA_SUPER(a1, VA_GIGA)
    IN_S(20, li a2, 2 * 4096 + 0x48; add a1, a1, a2; li a2, MAGIC1; sd a2, 0(a1))
    MAP_PAGE(6, 2, PTE_RW)
    IN_S(21, li a1, VA_PAGE(6); ld a0, 0x48(a1); ld a2, 0x50(a1))
    EXPECT(a0, MAGIC1)
    EXPECT(a2, PVAL(2, 0x50))

    /* ---- fetches through each page size ---- */
    PT_SET_LABEL(pt_l0, 8, xcode, 0, PTE_RX)
    sfence.vma
    li a1, VA_PAGE(8)
    TEST_FETCH(30, PRV_S, CAUSE_ECALL_S)
    la a1, xcode
    VIA_SUPER(a1, VA_MEGA(1))
    TEST_FETCH(31, PRV_S, CAUSE_ECALL_S)
    la a1, xcode
    VIA_SUPER(a1, VA_GIGA)
    TEST_FETCH(32, PRV_S, CAUSE_ECALL_S)
    la a1, xcode
    VIA_SUPER(a1, VA_HIGH)
    TEST_FETCH(33, PRV_S, CAUSE_ECALL_S)
    /* U through a U page, S and U code in the same run */
    PT_SET_LABEL(pt_l0, 9, xcode, 0, PTE_RX | PTE_U)
    sfence.vma
    ID_USER
    li a1, VA_PAGE(9)
    TEST_FETCH(34, PRV_U, CAUSE_ECALL_U)
    ID_SUPER
    TEST_END

/* The code page: a0 = 0x123, then ecall at +4. */
    .section .text.xcode, "ax", @progbits
    .align 12
    .option push
    .option norvc
xcode:
    addi a0, zero, 0x123
    ecall
    .option pop
