/* The disassembler's Spike spelling (DISAS_SPIKE), which `pagoda -l` logs so that
 * the trace diffs against Spike's line by line. Spike cannot run here, so each
 * expected string is derived from Spike's riscv/disasm.cc and disasm.h: the name
 * padded with max(1, 8 - strlen(name)) spaces when the entry has operands, operands
 * joined by ", ", and the first matching entry winning, aliases before their base
 * instruction (see emu/disas.c). Comments name the Spike rule behind the less obvious
 * rows. Every table entry has at least one row (checked by the last test). */
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "disas.h"
#include "unit.h"

struct spike_case {
    uint32_t raw;
    const char *text;
};

#define N(a) (sizeof (a) / sizeof (a)[0])

/* Base RV64I spellings: decimal immediates and shift amounts, "0x" upper immediates,
 * and no alias where Spike defines none (neg, negw, sltz, sgtz, blez, bgtz). */
static const struct spike_case rv64i_cases[] = {
    { 0x12345537, "lui     a0, 0x12345" },
    { 0xfffff337, "lui     t1, 0xfffff" },
    { 0x00000297, "auipc   t0, 0x0" },
    { 0x0010056f, "jal     a0, pc + 0x800" },       /* jump_target: hex */
    { 0x00858567, "jalr    a0, a1, 8" },            /* rd, rs1, imm: not imm(rs1) */
    { 0x00408067, "jalr    zero, ra, 4" },          /* ret and jr need imm 0 */
    { 0xffc280e7, "jalr    ra, t0, -4" },
    { 0x00b50863, "beq     a0, a1, pc + 16" },      /* branch_target: decimal */
    { 0x00a00463, "beq     zero, a0, pc + 8" },     /* beqz tests rs2 only */
    { 0x00b51463, "bne     a0, a1, pc + 8" },
    { 0x00a04463, "blt     zero, a0, pc + 8" },     /* no bgtz */
    { 0x00b54463, "blt     a0, a1, pc + 8" },
    { 0x00a05463, "bge     zero, a0, pc + 8" },     /* no blez */
    { 0x00b55463, "bge     a0, a1, pc + 8" },
    { 0x00056463, "bltu    a0, zero, pc + 8" },     /* bltu, bgeu: no zero forms */
    { 0x00b56463, "bltu    a0, a1, pc + 8" },
    { 0x80b57063, "bgeu    a0, a1, pc - 4096" },
    { 0x7e057fe3, "bgeu    a0, zero, pc + 4094" },
    { 0x00058503, "lb      a0, 0(a1)" },
    { 0xffe11503, "lh      a0, -2(sp)" },
    { 0x00442503, "lw      a0, 4(s0)" },
    { 0x00813083, "ld      ra, 8(sp)" },
    { 0x8005c503, "lbu     a0, -2048(a1)" },
    { 0x0025d503, "lhu     a0, 2(a1)" },
    { 0x7ff5e503, "lwu     a0, 2047(a1)" },
    { 0x00a58023, "sb      a0, 0(a1)" },
    { 0xfea59f23, "sh      a0, -2(a1)" },
    { 0x00a5a223, "sw      a0, 4(a1)" },
    { 0xfe113c23, "sd      ra, -8(sp)" },
    { 0xfff58513, "addi    a0, a1, -1" },
    { 0x8005a513, "slti    a0, a1, -2048" },
    { 0x0025b513, "sltiu   a0, a1, 2" },
    { 0x0ff5c513, "xori    a0, a1, 255" },
    { 0x0035e513, "ori     a0, a1, 3" },
    { 0x00256013, "ori     zero, a0, 2" },          /* imm[4:0] = 2 is no prefetch */
    { 0x0ff5f513, "andi    a0, a1, 255" },
    { 0x03f59513, "slli    a0, a1, 63" },           /* shamt: decimal */
    { 0x0015d513, "srli    a0, a1, 1" },
    { 0x4205d513, "srai    a0, a1, 32" },
    { 0x00c58533, "add     a0, a1, a2" },
    { 0x40b00533, "sub     a0, zero, a1" },         /* no neg */
    { 0x00c59533, "sll     a0, a1, a2" },
    { 0x0005a533, "slt     a0, a1, zero" },         /* no sltz */
    { 0x00b02533, "slt     a0, zero, a1" },         /* no sgtz */
    { 0x00c5b533, "sltu    a0, a1, a2" },
    { 0x00c5c533, "xor     a0, a1, a2" },
    { 0x00c5d533, "srl     a0, a1, a2" },
    { 0x40c5d533, "sra     a0, a1, a2" },
    { 0x00c5e533, "or      a0, a1, a2" },
    { 0x00c5f533, "and     a0, a1, a2" },
    { 0xfff5851b, "addiw   a0, a1, -1" },
    { 0x01f5951b, "slliw   a0, a1, 31" },
    { 0x0015d51b, "srliw   a0, a1, 1" },
    { 0x4105d51b, "sraiw   a0, a1, 16" },
    { 0x00c5853b, "addw    a0, a1, a2" },
    { 0x40b0053b, "subw    a0, zero, a1" },         /* no negw */
    { 0x00c5953b, "sllw    a0, a1, a2" },
    { 0x00c5d53b, "srlw    a0, a1, a2" },
    { 0x40c5d53b, "sraw    a0, a1, a2" },
    { 0x00000073, "ecall" },
    { 0x00100073, "ebreak" },
    { 0x0000100f, "fence.i" },
    { 0xfff0908f, "fence.i" },                      /* no operands; mask 0x707f */
};

/* Spike's RV64I aliases, each added before its base instruction so that it wins. */
static const struct spike_case rv64i_alias_cases[] = {
    { 0x00000013, "nop" },
    { 0x00500513, "li      a0, 5" },
    { 0x00000513, "li      a0, 0" },                /* li is added before mv */
    { 0x00100013, "li      zero, 1" },
    { 0x00058513, "mv      a0, a1" },
    { 0x00058013, "mv      zero, a1" },
    { 0x0015b513, "seqz    a0, a1" },
    { 0xfff5c513, "not     a0, a1" },
    { 0x00b03533, "snez    a0, a1" },               /* rd, rs2 */
    { 0x0005851b, "sext.w  a0, a1" },
    { 0x0100006f, "j       pc + 0x10" },
    { 0x0000006f, "j       pc + 0x0" },
    { 0xff9ff0ef, "jal     pc - 0x8" },             /* jal with rd = ra */
    { 0x00008067, "ret" },
    { 0x00050067, "jr      a0" },
    { 0x000500e7, "jalr    a0" },                   /* jalr with rd = ra, imm 0 */
    { 0xfe050ee3, "beqz    a0, pc - 4" },
    { 0xfe000ee3, "beqz    zero, pc - 4" },
    { 0x00051463, "bnez    a0, pc + 8" },
    { 0x00054463, "bltz    a0, pc + 8" },
    { 0x00055463, "bgez    a0, pc + 8" },
    /* Zicbop hints, added first of all: ori zero, rs1, imm with imm[4:0] 0, 1, 3,
     * printed as the S-type offset (imm with bits 4:0 clear) */
    { 0x00056013, "prefetch.i 0(a0)" },
    { 0x02156013, "prefetch.r 32(a0)" },
    { 0xfe356013, "prefetch.w -32(a0)" },
    { 0x0100000f, "pause" },                        /* fence w, 0 */
};

static const struct spike_case rv64m_cases[] = {
    { 0x02c58533, "mul     a0, a1, a2" },
    { 0x02c59533, "mulh    a0, a1, a2" },
    { 0x02c5a533, "mulhsu  a0, a1, a2" },
    { 0x02c5b533, "mulhu   a0, a1, a2" },
    { 0x02c5c533, "div     a0, a1, a2" },
    { 0x02c5d533, "divu    a0, a1, a2" },
    { 0x02c5e533, "rem     a0, a1, a2" },
    { 0x02c5f533, "remu    a0, a1, a2" },
    { 0x02c5853b, "mulw    a0, a1, a2" },
    { 0x02c5c53b, "divw    a0, a1, a2" },
    { 0x02c5d53b, "divuw   a0, a1, a2" },
    { 0x02c5e53b, "remw    a0, a1, a2" },
    { 0x02c5f53b, "remuw   a0, a1, a2" },
};

/* AMOs: rd, rs2, (rs1). aq and rl lie outside every AMO entry's mask, so Spike
 * never prints .aq, .rl or .aqrl; names of 8 or more characters get one space. */
static const struct spike_case rv64a_cases[] = {
    { 0x1005a52f, "lr.w    a0, (a1)" },
    { 0x18c5a52f, "sc.w    a0, a2, (a1)" },
    { 0x0ec5a52f, "amoswap.w a0, a2, (a1)" },       /* .aqrl */
    { 0x00c5a52f, "amoadd.w a0, a2, (a1)" },
    { 0x24c5a52f, "amoxor.w a0, a2, (a1)" },        /* .aq */
    { 0x60c5a52f, "amoand.w a0, a2, (a1)" },
    { 0x42c5a52f, "amoor.w a0, a2, (a1)" },         /* .rl */
    { 0x80c5a52f, "amomin.w a0, a2, (a1)" },
    { 0xa0c5a52f, "amomax.w a0, a2, (a1)" },
    { 0xc0c5a52f, "amominu.w a0, a2, (a1)" },
    { 0xe0c5a52f, "amomaxu.w a0, a2, (a1)" },
    { 0x1405b52f, "lr.d    a0, (a1)" },             /* .aq */
    { 0x1ac5b52f, "sc.d    a0, a2, (a1)" },         /* .rl */
    { 0x08c5b52f, "amoswap.d a0, a2, (a1)" },
    { 0x00c5b52f, "amoadd.d a0, a2, (a1)" },
    { 0x20c5b52f, "amoxor.d a0, a2, (a1)" },
    { 0x60c5b52f, "amoand.d a0, a2, (a1)" },
    { 0x40c5b52f, "amoor.d a0, a2, (a1)" },
    { 0x80c5b52f, "amomin.d a0, a2, (a1)" },
    { 0xa0c5b52f, "amomax.d a0, a2, (a1)" },
    { 0xc0c5b52f, "amominu.d a0, a2, (a1)" },
    { 0xe6c5b52f, "amomaxu.d a0, a2, (a1)" },       /* .aqrl */
};

/* fence's one operand (iorw): predecessor letters, "," only when the predecessor
 * set is not empty, successor letters. Spike has no fence.tso entry ahead of fence. */
static const struct spike_case fence_cases[] = {
    { 0x0ff0000f, "fence   iorw,iorw" },
    { 0x0330000f, "fence   rw,rw" },
    { 0x8330000f, "fence   rw,rw" },                /* fence.tso */
    { 0x0840000f, "fence   i,o" },
    { 0x0010000f, "fence   w" },                    /* empty predecessor: no comma */
    { 0x0200000f, "fence   r," },
    { 0x0000000f, "fence   " },                     /* padded: it has an operand */
    { 0xffff8f8f, "fence   iorw,iorw" },            /* fm, rs1, rd outside the mask */
};

static const struct spike_case system_cases[] = {
    { 0x30200073, "mret" },
    { 0x10200073, "sret" },
    { 0x10500073, "wfi" },
    { 0x12000073, "sfence.vma zero, zero" },
    { 0x12b50073, "sfence.vma a0, a1" },
    { 0x30059573, "csrrw   a0, mstatus, a1" },
    { 0x30551073, "csrw    mtvec, a0" },
    { 0xc0001073, "unimp" },                        /* csrrw zero, cycle, zero */
    { 0xc0101073, "csrw    time, zero" },
    { 0x34202573, "csrr    a0, mcause" },
    { 0x30452073, "csrs    mie, a0" },
    { 0x30402073, "csrr    zero, mie" },            /* csrr is added before csrs */
    { 0x3045a573, "csrrs   a0, mie, a1" },
    { 0x30053073, "csrc    mstatus, a0" },
    { 0x1005b573, "csrrc   a0, sstatus, a1" },
    { 0x30045073, "csrwi   mstatus, 8" },
    { 0x18005573, "csrrwi  a0, satp, 0" },
    { 0x304fe073, "csrsi   mie, 31" },
    { 0x34416573, "csrrsi  a0, mip, 2" },
    { 0x10417073, "csrci   sie, 2" },
    { 0x30047573, "csrrci  a0, mstatus, 8" },
    { 0xc0002573, "csrr    a0, cycle" },            /* no rdcycle, rdtime, rdinstret */
    { 0xc0102573, "csrr    a0, time" },
    { 0xc0202573, "csrr    a0, instret" },
};

/* CSR names: encoding.h's DECLARE_CSR list, else "unknown_" and three hex digits. */
static const struct spike_case csr_name_cases[] = {
    { 0x7c002573, "csrr    a0, unknown_7c0" },
    { 0x0ff02573, "csrr    a0, unknown_0ff" },
    { 0x3ef02573, "csrr    a0, pmpaddr63" },
    { 0x3af02573, "csrr    a0, pmpcfg15" },
    { 0xb1f02573, "csrr    a0, mhpmcounter31" },
    { 0xc0302573, "csrr    a0, hpmcounter3" },
    { 0x33f02573, "csrr    a0, mhpmevent31" },
    { 0x72302573, "csrr    a0, mhpmevent3h" },      /* RV32-only names are listed too */
    { 0xc8002573, "csrr    a0, cycleh" },
    { 0x74402573, "csrr    a0, mnstatus" },
    { 0x00102573, "csrr    a0, fflags" },
    { 0x14d02573, "csrr    a0, stimecmp" },
    { 0xf1502573, "csrr    a0, mconfigptr" },
};

/* RVC: Spike's own c.* names, operands as the compressed form writes them, branch
 * and jump targets decimal (rvc_branch_target, rvc_jump_target). */
static const struct spike_case rvc_cases[] = {
    { 0x0808, "c.addi4spn a0, sp, 16" },
    { 0x41c8, "c.lw    a0, 4(a1)" },
    { 0x6780, "c.ld    s0, 8(a5)" },
    { 0xdde8, "c.sw    a0, 124(a1)" },
    { 0xfde8, "c.sd    a0, 248(a1)" },
    { 0x157d, "c.addi  a0, -1" },
    { 0x0501, "c.addi  a0, 0" },                    /* HINT */
    { 0x2505, "c.addiw a0, 1" },
    { 0x4515, "c.li    a0, 5" },
    { 0x507d, "c.li    zero, -1" },                 /* HINT */
    { 0x7139, "c.addi16sp sp, -64" },
    { 0x6505, "c.lui   a0, 0x1" },
    { 0x757d, "c.lui   a0, 0xfffff" },              /* rvc_uimm: 20 bits in hex */
    { 0x6005, "c.lui   zero, 0x1" },                /* HINT */
    { 0x810d, "c.srli  a0, 3" },
    { 0x8001, "c.srli  s0, 0" },                    /* objdump's c.srli64 */
    { 0x957d, "c.srai  a0, 63" },
    { 0x997d, "c.andi  a0, -1" },
    { 0x8c1d, "c.sub   s0, a5" },
    { 0x8d2d, "c.xor   a0, a1" },
    { 0x8d4d, "c.or    a0, a1" },
    { 0x8d6d, "c.and   a0, a1" },
    { 0x9d0d, "c.subw  a0, a1" },
    { 0x9d2d, "c.addw  a0, a1" },
    { 0xa801, "c.j     pc + 16" },
    { 0xb001, "c.j     pc - 2048" },
    { 0xd101, "c.beqz  a0, pc - 256" },
    { 0xecfd, "c.bnez  s1, pc + 254" },
    { 0x157e, "c.slli  a0, 63" },
    { 0x0006, "c.slli  zero, 1" },                  /* HINT */
    { 0x4512, "c.lwsp  a0, 4(sp)" },
    { 0x60a2, "c.ldsp  ra, 8(sp)" },
    { 0x8502, "c.jr    a0" },
    { 0x852e, "c.mv    a0, a1" },
    { 0x802e, "c.mv    zero, a1" },                 /* HINT */
    { 0x9002, "c.ebreak" },
    { 0x9502, "c.jalr  a0" },
    { 0x9082, "c.jalr  ra" },                       /* no alias */
    { 0x952e, "c.add   a0, a1" },
    { 0x902e, "c.add   zero, a1" },                 /* HINT */
    { 0xc22a, "c.swsp  a0, 4(sp)" },
    { 0xff86, "c.sdsp  ra, 504(sp)" },
};

/* Entries that fix bits 6:0 are probed before the others (Spike's hash of bits 6:0
 * comes first), and among them the earlier added wins. */
/* F and D: Spike prints no rounding mode and no aliases (fmv.d, fneg.d, frcsr are
 * binutils' spellings); f registers by ABI name. */
static const struct spike_case fd_cases[] = {
    { 0x0045a507, "flw     fa0, 4(a1)" },
    { 0xfea12e27, "fsw     fa0, -4(sp)" },
    { 0x1820c043, "fmadd.s ft0, ft1, ft2, ft3" },
    { 0x68c5f547, "fmsub.s fa0, fa1, fa2, fa3" },
    { 0x9924944b, "fnmsub.s fs0, fs1, fs2, fs3" },
    { 0xf9eefe4f, "fnmadd.s ft8, ft9, ft10, ft11" },
    { 0x00c5f553, "fadd.s  fa0, fa1, fa2" },
    { 0x08c5a553, "fsub.s  fa0, fa1, fa2" },
    { 0x10c5f553, "fmul.s  fa0, fa1, fa2" },
    { 0x18c5f553, "fdiv.s  fa0, fa1, fa2" },
    { 0x5805f553, "fsqrt.s fa0, fa1" },
    { 0x20b58553, "fsgnj.s fa0, fa1, fa1" },
    { 0x20b59553, "fsgnjn.s fa0, fa1, fa1" },
    { 0x20c5a553, "fsgnjx.s fa0, fa1, fa2" },
    { 0x28c58553, "fmin.s  fa0, fa1, fa2" },
    { 0x28c59553, "fmax.s  fa0, fa1, fa2" },
    { 0xc0051553, "fcvt.w.s a0, fa0" },
    { 0xc0157553, "fcvt.wu.s a0, fa0" },
    { 0xc0257553, "fcvt.l.s a0, fa0" },
    { 0xc0357553, "fcvt.lu.s a0, fa0" },
    { 0xe0050553, "fmv.x.w a0, fa0" },
    { 0xe0051553, "fclass.s a0, fa0" },
    { 0xa0b52553, "feq.s   a0, fa0, fa1" },
    { 0xa0b51553, "flt.s   a0, fa0, fa1" },
    { 0xa0b50553, "fle.s   a0, fa0, fa1" },
    { 0xd0057553, "fcvt.s.w fa0, a0" },
    { 0xd0157553, "fcvt.s.wu fa0, a0" },
    { 0xd0257553, "fcvt.s.l fa0, a0" },
    { 0xd0357553, "fcvt.s.lu fa0, a0" },
    { 0xf0000553, "fmv.w.x fa0, zero" },
    { 0x7ff5bd87, "fld     fs11, 2047(a1)" },
    { 0x80013027, "fsd     ft0, -2048(sp)" },
    { 0x6ac5f543, "fmadd.d fa0, fa1, fa2, fa3" },
    { 0x6ac5f547, "fmsub.d fa0, fa1, fa2, fa3" },
    { 0x6ac5f54b, "fnmsub.d fa0, fa1, fa2, fa3" },
    { 0x6ac5f54f, "fnmadd.d fa0, fa1, fa2, fa3" },
    { 0x02c5b553, "fadd.d  fa0, fa1, fa2" },
    { 0x0ac5f553, "fsub.d  fa0, fa1, fa2" },
    { 0x12c5f553, "fmul.d  fa0, fa1, fa2" },
    { 0x1ac5f553, "fdiv.d  fa0, fa1, fa2" },
    { 0x5a05f553, "fsqrt.d fa0, fa1" },
    { 0x22c58553, "fsgnj.d fa0, fa1, fa2" },
    { 0x22c59553, "fsgnjn.d fa0, fa1, fa2" },
    { 0x22b5a553, "fsgnjx.d fa0, fa1, fa1" },
    { 0x2ac58553, "fmin.d  fa0, fa1, fa2" },
    { 0x2ac59553, "fmax.d  fa0, fa1, fa2" },
    { 0x4015f553, "fcvt.s.d fa0, fa1" },
    { 0x42058553, "fcvt.d.s fa0, fa1" },
    { 0xa2c5a553, "feq.d   a0, fa1, fa2" },
    { 0xa2c59553, "flt.d   a0, fa1, fa2" },
    { 0xa2c58553, "fle.d   a0, fa1, fa2" },
    { 0xe2059553, "fclass.d a0, fa1" },
    { 0xc2059553, "fcvt.w.d a0, fa1" },
    { 0xc215f553, "fcvt.wu.d a0, fa1" },
    { 0xc225f553, "fcvt.l.d a0, fa1" },
    { 0xc235f553, "fcvt.lu.d a0, fa1" },
    { 0xd2058553, "fcvt.d.w fa0, a1" },
    { 0xd2158553, "fcvt.d.wu fa0, a1" },
    { 0xd225f553, "fcvt.d.l fa0, a1" },
    { 0xd235f553, "fcvt.d.lu fa0, a1" },
    { 0xe2058553, "fmv.x.d a0, fa1" },
    { 0xf2058553, "fmv.d.x fa0, a1" },
    { 0x2588, "c.fld   fa0, 8(a1)" },
    { 0xbc7c, "c.fsd   fa5, 248(s0)" },
    { 0x2002, "c.fldsp ft0, 0(sp)" },
    { 0xbfee, "c.fsdsp fs11, 504(sp)" },
};

static const struct spike_case rvc_exact_cases[] = {
    { 0x0000, "c.unimp" },                          /* not c.addi4spn */
    { 0x0001, "c.nop" },
    { 0x0015, "c.addi  zero, 5" },                  /* Spike's c.nop is 0x0001 only */
    { 0x1001, "c.addi  zero, -32" },
    { 0x8082, "ret" },                              /* c.jr ra */
};

/* Encodings the decoder rejects as reserved that Spike still names, since it matches
 * by mask and match alone. */
static const struct spike_case rvc_reserved_cases[] = {
    { 0x0008, "c.addi4spn a0, sp, 0" },
    { 0x2005, "c.addiw zero, 1" },
    { 0x6101, "c.addi16sp sp, 0" },                 /* added before c.lui */
    { 0x6501, "c.lui   a0, 0x0" },
    { 0x6001, "c.lui   zero, 0x0" },
    /* c.lui rd, 0 with rd odd: Zcmop's c.mop.N and Zicfiss's c.sspush ra, c.sspopchk
     * t0, from Spike's fallback extension set, found first through the hash of bits
     * 6:0 */
    { 0x6081, "c.sspush ra" },
    { 0x6181, "c.mop.3" },
    { 0x6281, "c.sspopchk t0" },
    { 0x6381, "c.mop.7" },
    { 0x6481, "c.mop.9" },
    { 0x6581, "c.mop.11" },
    { 0x6681, "c.mop.13" },
    { 0x6781, "c.mop.15" },
    { 0x4012, "c.lwsp  zero, 4(sp)" },
    { 0x6022, "c.ldsp  zero, 8(sp)" },
    { 0x8002, "c.jr    zero" },
};

static const struct {
    const struct spike_case *cases;
    size_t n;
} all_cases[] = {
    { rv64i_cases, N(rv64i_cases) }, { rv64i_alias_cases, N(rv64i_alias_cases) },
    { rv64m_cases, N(rv64m_cases) }, { rv64a_cases, N(rv64a_cases) },
    { fence_cases, N(fence_cases) }, { system_cases, N(system_cases) },
    { csr_name_cases, N(csr_name_cases) }, { rvc_cases, N(rvc_cases) },
    { rvc_exact_cases, N(rvc_exact_cases) }, { rvc_reserved_cases, N(rvc_reserved_cases) },
    { fd_cases, N(fd_cases) },
};

/* Disassembles every case (at a pc that must not matter) and fails once, listing
 * every mismatch. */
static void check_spike_cases(const struct spike_case *cases, size_t n)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        char got[96];
        disas(cases[i].raw, 0x80001000, DISAS_SPIKE, got, sizeof got);
        if (strcmp(got, cases[i].text) != 0) {
            fprintf(stderr, "%08x: Spike \"%s\", disas \"%s\"\n", cases[i].raw,
                    cases[i].text, got);
            bad++;
        }
    }
    ck_assert_msg(bad == 0, "%d of %zu encodings differ from Spike's spelling", bad, n);
}

START_TEST(test_spike_spells_rv64i_with_operands_at_column_8)
{
    check_spike_cases(rv64i_cases, N(rv64i_cases));
}
END_TEST

START_TEST(test_spike_prefers_its_aliases_to_rv64i_names)
{
    check_spike_cases(rv64i_alias_cases, N(rv64i_alias_cases));
}
END_TEST

START_TEST(test_spike_spells_rv64m)
{
    check_spike_cases(rv64m_cases, N(rv64m_cases));
}
END_TEST

START_TEST(test_spike_spells_amos_without_ordering_suffix)
{
    check_spike_cases(rv64a_cases, N(rv64a_cases));
}
END_TEST

START_TEST(test_spike_spells_fence_sets_as_iorw_letters)
{
    check_spike_cases(fence_cases, N(fence_cases));
}
END_TEST

START_TEST(test_spike_spells_privileged_and_csr_instructions_with_aliases)
{
    check_spike_cases(system_cases, N(system_cases));
}
END_TEST

START_TEST(test_spike_names_csrs_from_its_table_else_unknown_and_number)
{
    check_spike_cases(csr_name_cases, N(csr_name_cases));
}
END_TEST

START_TEST(test_spike_spells_rvc_with_decimal_targets)
{
    check_spike_cases(rvc_cases, N(rvc_cases));
}
END_TEST

START_TEST(test_spike_spells_fp_without_rounding_mode)
{
    check_spike_cases(fd_cases, N(fd_cases));
}
END_TEST

START_TEST(test_spike_rvc_exact_encodings_win_over_general_forms)
{
    check_spike_cases(rvc_exact_cases, N(rvc_exact_cases));
}
END_TEST

START_TEST(test_spike_names_reserved_rvc_encodings_by_mask_and_match)
{
    check_spike_cases(rvc_reserved_cases, N(rvc_reserved_cases));
}
END_TEST

/* Spike prints "unknown" when no entry matches: a custom-2 opcode, jalr's funct3 1. */
START_TEST(test_spike_prints_unknown_for_encodings_no_entry_matches)
{
    static const struct spike_case cases[] = {
        { 0x0000005b, "unknown" },
        { 0x00001067, "unknown" },
    };
    check_spike_cases(cases, N(cases));
}
END_TEST

START_TEST(test_spike_ignores_upper_half_of_compressed_encoding)
{
    static const struct spike_case cases[] = {
        { 0xdead852e, "c.mv    a0, a1" },
        { 0xffff0001, "c.nop" },
    };
    check_spike_cases(cases, N(cases));
}
END_TEST

START_TEST(test_spike_cases_cover_every_table_entry)
{
    static bool covered[256];
    ck_assert_int_le(insn_table_len, (int)N(covered));
    for (size_t k = 0; k < N(all_cases); k++)
        for (size_t i = 0; i < all_cases[k].n; i++) {
            struct dinsn d;
            if (insn_decode(all_cases[k].cases[i].raw, &d))
                covered[d.op] = true;
        }
    int missing = 0;
    for (int op = 0; op < insn_table_len; op++)
        if (!covered[op]) {
            fprintf(stderr, "no Spike case for %s\n", insn_table[op].name);
            missing++;
        }
    ck_assert_msg(missing == 0, "%d table entries without a Spike case", missing);
}
END_TEST

Suite *disas_spike_suite(void)
{
    Suite *s = suite_create("disas_spike");
    TCase *tc = tcase_create("spike");
    tcase_add_test(tc, test_spike_spells_rv64i_with_operands_at_column_8);
    tcase_add_test(tc, test_spike_prefers_its_aliases_to_rv64i_names);
    tcase_add_test(tc, test_spike_spells_rv64m);
    tcase_add_test(tc, test_spike_spells_amos_without_ordering_suffix);
    tcase_add_test(tc, test_spike_spells_fence_sets_as_iorw_letters);
    tcase_add_test(tc, test_spike_spells_privileged_and_csr_instructions_with_aliases);
    tcase_add_test(tc, test_spike_names_csrs_from_its_table_else_unknown_and_number);
    tcase_add_test(tc, test_spike_spells_rvc_with_decimal_targets);
    tcase_add_test(tc, test_spike_rvc_exact_encodings_win_over_general_forms);
    tcase_add_test(tc, test_spike_spells_fp_without_rounding_mode);
    tcase_add_test(tc, test_spike_names_reserved_rvc_encodings_by_mask_and_match);
    tcase_add_test(tc, test_spike_prints_unknown_for_encodings_no_entry_matches);
    tcase_add_test(tc, test_spike_ignores_upper_half_of_compressed_encoding);
    tcase_add_test(tc, test_spike_cases_cover_every_table_entry);
    suite_add_tcase(s, tc);
    return s;
}
