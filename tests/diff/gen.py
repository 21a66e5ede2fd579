#!/usr/bin/env python3
"""Generates random RV64GC programs for differential testing against QEMU.

Each program is the body that tests/diff/runtime.S runs: seeded initial registers, a
seeded 4 KiB scratch buffer, and a few hundred random instructions whose results the
ISA fully defines. s0, s1 and sp are buffer bases (diff_buf, +2048, +3072) that nothing
random ever writes, so every load, store and AMO lands in the buffer. Control flow only
goes forward, except counted loops whose counter the loop body never writes.
F and D instructions (about a third of the patterns) work on f registers seeded with
values biased to the corners (zeros, subnormals, infinities, NaNs with payloads,
extremes, neighbours of rounding ties), in every rounding mode, and the flags they
raise are read back into x registers as the program goes; the dump shows f0..f31 and
fcsr too.

Usage: gen.py --seed S [--count N] --outdir DIR    writes DIR/prog-<seed>.S per seed
       gen.py --known --outdir DIR                  writes the known-answer program
"""

import argparse
import os
import random

MASK64 = (1 << 64) - 1
BUF_SIZE = 4096

ABI = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1",
       "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8",
       "s9", "s10", "s11", "t3", "t4", "t5", "t6"]
SP, S0, S1 = 2, 8, 9
RESERVED = {SP, S0, S1}
WRITABLE = [r for r in range(1, 32) if r not in RESERVED]
CREGS = list(range(8, 16))                        # registers a compressed rd'/rs' names
CREGS_WRITABLE = [r for r in CREGS if r not in RESERVED]
# Buffer offset each base register points at, and the immediates that keep it inside.
BASES = {S0: (0, 0, 2047), S1: (2048, -2048, 2047), SP: (3072, -2048, 1023)}

EDGE_VALUES = [0, 1, 2, MASK64, MASK64 - 1, 1 << 63, (1 << 63) - 1, 0x7fffffff,
               0x80000000, 0xffffffff, 0xffffffff80000000, 0xffffffff7fffffff,
               0x100000000, 0x8000, 0xffff, 0xff, 0x80, 0x5555555555555555,
               0xaaaaaaaaaaaaaaaa]

ALU_R = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
         "addw", "subw", "sllw", "srlw", "sraw"]
ALU_I = ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"]
SHIFT_I = ["slli", "srli", "srai"]
SHIFT_IW = ["slliw", "srliw", "sraiw"]
MULDIV = ["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"]
MULDIV_W = ["mulw", "divw", "divuw", "remw", "remuw"]
LOADS = [("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4), ("lwu", 4), ("ld", 8)]
STORES = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)]
BRANCHES = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]
AMOS = ["amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax",
        "amominu", "amomaxu"]
ORDERINGS = ["", "", "", ".aq", ".rl", ".aqrl"]

# --- F and D ---
ROUNDING = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]
FP_CORNERS_D = [0, 1 << 63, 0x7ff0000000000000, 0xfff0000000000000,
                0x7ff8000000000000, 0x7ff8000000000123, 0xfff4000000000001,
                0x7ff0000000000001, 1, 0x800fffffffffffff, 0x0010000000000000,
                0x0010000000000001, 0x7fefffffffffffff, 0xffefffffffffffff,
                0x3ff0000000000000, 0xbff0000000000000, 0x3ff0000000000001,
                0x3ca0000000000000, 0x3cb8000000000000, 0x3fe0000000000000,
                0x4008000000000000, 0x3fd5555555555555, 0x41e0000000000000,
                0xc1e0000000200000, 0x41f0000000000000, 0x43e0000000000000,
                0x43f0000000000000, 0x4004000000000000, 0xc004000000000000,
                0x3fefffffffffffff, 0x000fffffffffffff, 0x36a0000000000000,
                0x47efffffe0000000, 0x3690000000000000]
FP_CORNERS_S = [0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fc00123,
                0xff800001, 0x7f800001, 1, 0x807fffff, 0x00800000, 0x00800001,
                0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3f800001,
                0x33800000, 0x34400000, 0x3f000000, 0x40400000, 0x3eaaaaab,
                0x4f000000, 0xcf000001, 0x4f800000, 0x5f000000, 0x40200000, 0xc0200000,
                0x3f7fffff, 0x4b800001]
FP_BINARY = ["fadd", "fsub", "fmul", "fdiv"]
FP_NO_RM = ["fsgnj", "fsgnjn", "fsgnjx", "fmin", "fmax"]
FP_FMA = ["fmadd", "fmsub", "fnmsub", "fnmadd"]
FP_CMP = ["feq", "flt", "fle"]
FREG = ["f%d" % i for i in range(32)]


def hex64(v):
    return "0x%016x" % (v & MASK64)


class Generator:
    """Builds one program from one seed; lines accumulate in self.out."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        self.labels = 0

    # --- operand choice ---------------------------------------------------------

    def label(self):
        self.labels += 1
        return ".Ld%d" % self.labels

    def rd(self, excluded, allow_zero=True):
        if allow_zero and self.rng.random() < 0.03:
            return 0
        return self.rng.choice([r for r in WRITABLE if r not in excluded])

    def rs(self):
        return self.rng.randrange(32)

    def crd(self, excluded):
        choices = [r for r in CREGS_WRITABLE if r not in excluded]
        return self.rng.choice(choices) if choices else None

    def imm(self, lo, hi):
        r = self.rng.random()
        if r < 0.3:
            return self.rng.choice([v for v in (0, 1, -1, lo, hi, 2, -2) if lo <= v <= hi])
        if r < 0.6:
            return self.rng.randint(max(lo, -16), min(hi, 16))
        return self.rng.randint(lo, hi)

    def value(self):
        r = self.rng.random()
        if r < 0.35:
            return self.rng.choice(EDGE_VALUES)
        if r < 0.5:
            return self.rng.randint(-100, 100) & MASK64
        if r < 0.65:
            return self.rng.randint(-(1 << 31), (1 << 31) - 1) & MASK64
        return self.rng.getrandbits(64)

    def mem_operand(self, width, aligned):
        """Picks a base register and immediate so [addr, addr+width) is in the buffer."""
        base = self.rng.choice(list(BASES))
        origin, lo, hi = BASES[base]
        first, last = max(0, origin + lo), min(BUF_SIZE - width, origin + hi)
        off = self.rng.randint(first, last)
        if aligned:
            off -= off % width
            if off < first:
                off += width
        return base, off - origin

    # --- instruction patterns: each appends one or more lines --------------------

    def alu_r(self, out, ex):
        out.append("%s %s, %s, %s" % (self.rng.choice(ALU_R), ABI[self.rd(ex)],
                                      ABI[self.rs()], ABI[self.rs()]))

    def alu_i(self, out, ex):
        r = self.rng.random()
        rd, rs1 = ABI[self.rd(ex)], ABI[self.rs()]
        if r < 0.6:
            out.append("%s %s, %s, %d" % (self.rng.choice(ALU_I), rd, rs1,
                                          self.imm(-2048, 2047)))
        elif r < 0.8:
            out.append("%s %s, %s, %d" % (self.rng.choice(SHIFT_I), rd, rs1,
                                          self.imm(0, 63)))
        else:
            out.append("%s %s, %s, %d" % (self.rng.choice(SHIFT_IW), rd, rs1,
                                          self.imm(0, 31)))

    def upper(self, out, ex):
        op = self.rng.choice(["lui", "auipc"])
        imm = self.rng.choice([0, 1, 0x7ffff, 0x80000, 0xfffff, self.rng.getrandbits(20)])
        out.append("%s %s, 0x%x" % (op, ABI[self.rd(ex)], imm))

    def load_imm(self, out, ex):
        out.append("li %s, %s" % (ABI[self.rd(ex, False)], hex64(self.value())))

    def muldiv(self, out, ex):
        wide = self.rng.random() < 0.4
        op = self.rng.choice(MULDIV_W if wide else MULDIV)
        rd, rs1, rs2 = self.rd(ex), self.rs(), self.rs()
        r = self.rng.random()
        if r < 0.15:                            # divide by zero
            if self.rng.random() < 0.5:
                rs2 = 0
            else:
                rs2 = self.rd(ex, False)
                zero = 0 if not wide else self.rng.getrandbits(32) << 32
                out.append("li %s, %s" % (ABI[rs2], hex64(zero)))
        elif r < 0.3:                           # most negative / -1 overflow
            rs1 = self.rd(ex, False)
            rs2 = self.rd(ex | {rs1}, False)
            if wide:
                hi = self.rng.choice([0, MASK64 << 32, self.rng.getrandbits(32) << 32])
                dividend, divisor = hi | 0x80000000, (hi ^ (MASK64 << 32)) | 0xffffffff
            else:
                dividend, divisor = 1 << 63, MASK64
            out.append("li %s, %s" % (ABI[rs1], hex64(dividend)))
            out.append("li %s, %s" % (ABI[rs2], hex64(divisor)))
        out.append("%s %s, %s, %s" % (op, ABI[rd], ABI[rs1], ABI[rs2]))

    def load(self, out, ex):
        op, width = self.rng.choice(LOADS)
        base, off = self.mem_operand(width, self.rng.random() < 0.7)
        out.append("%s %s, %d(%s)" % (op, ABI[self.rd(ex)], off, ABI[base]))

    def store(self, out, ex):
        op, width = self.rng.choice(STORES)
        base, off = self.mem_operand(width, self.rng.random() < 0.7)
        out.append("%s %s, %d(%s)" % (op, ABI[self.rs()], off, ABI[base]))

    def aligned_address(self, out, ex, width):
        """Loads a width-aligned buffer address into a fresh temporary; returns it."""
        base, off = self.mem_operand(width, True)
        tmp = self.rd(ex, False)
        out.append("addi %s, %s, %d" % (ABI[tmp], ABI[base], off))
        return tmp

    def amo(self, out, ex):
        sfx = self.rng.choice([".w", ".d"])
        addr = self.aligned_address(out, ex, 4 if sfx == ".w" else 8)
        op = self.rng.choice(AMOS) + sfx + self.rng.choice(ORDERINGS)
        out.append("%s %s, %s, (%s)" % (op, ABI[self.rd(ex)], ABI[self.rs()], ABI[addr]))

    def lr_sc(self, out, ex):
        sfx = self.rng.choice([".w", ".d"])
        addr = self.aligned_address(out, ex, 4 if sfx == ".w" else 8)
        keep = ex | {addr}
        out.append("lr%s%s %s, (%s)" % (sfx, self.rng.choice(ORDERINGS),
                                        ABI[self.rd(keep)], ABI[addr]))
        for _ in range(self.rng.randint(0, 3)):
            self.alu_r(out, keep)
        lone = self.rng.random() < 0.3
        out.append("sc%s%s %s, %s, (%s)" % (sfx, self.rng.choice(ORDERINGS),
                                            ABI[self.rd(keep if lone else ex)],
                                            ABI[self.rs()], ABI[addr]))
        if lone:                               # no reservation is left: this SC fails
            out.append("sc%s %s, %s, (%s)" % (sfx, ABI[self.rd(ex)], ABI[self.rs()],
                                              ABI[addr]))

    def csr(self, out, ex):
        rd = ABI[self.rd(ex)]
        r = self.rng.random()
        if r < 0.5:
            op = self.rng.choice(["csrrw", "csrrs", "csrrc"])
            out.append("%s %s, mscratch, %s" % (op, rd, ABI[self.rs()]))
        elif r < 0.8:
            op = self.rng.choice(["csrrwi", "csrrsi", "csrrci"])
            out.append("%s %s, mscratch, %d" % (op, rd, self.rng.randint(0, 31)))
        else:
            out.append("csrr %s, mscratch" % rd)

    # --- F and D ---------------------------------------------------------------

    def fp_value(self, fmt):
        """A corner of fmt (NaN-boxed when single), now and then a random one, or for
        singles an improperly boxed one (which reads as the canonical NaN)."""
        r = self.rng.random()
        if fmt == "d":
            if r < 0.6:
                v = self.rng.choice(FP_CORNERS_D)
            elif r < 0.8:     # near 1.0, where sums and products round at ties
                v = 0x3ff0000000000000 + self.rng.randint(-4, 4) + (self.rng.getrandbits(1) << 63)
            else:
                v = self.rng.getrandbits(64)
            return v & MASK64
        if r < 0.05:
            return self.rng.getrandbits(64)               # not boxed
        if r < 0.65:
            v = self.rng.choice(FP_CORNERS_S)
        elif r < 0.85:
            v = (0x3f800000 + self.rng.randint(-4, 4)) | (self.rng.getrandbits(1) << 31)
        else:
            v = self.rng.getrandbits(32)
        return 0xffffffff00000000 | v

    def fmt(self):
        return self.rng.choice("dds")

    def fp_set(self, out, ex):
        """An f register gets a corner value through an x register."""
        t = self.rd(ex, allow_zero=False)
        fmt = self.fmt()
        out.append("li %s, %s" % (ABI[t], hex64(self.fp_value(fmt))))
        out.append("fmv.d.x %s, %s" % (self.rng.choice(FREG), ABI[t]))

    def fp_arith(self, out, ex):
        f = self.fmt()
        fd, a, b, c = (self.rng.choice(FREG) for _ in range(4))
        r = self.rng.random()
        rm = self.rng.choice(ROUNDING)
        if r < 0.45:
            out.append("%s.%s %s, %s, %s, %s" % (self.rng.choice(FP_BINARY), f, fd, a, b, rm))
        elif r < 0.6:
            out.append("%s.%s %s, %s, %s, %s, %s" % (self.rng.choice(FP_FMA), f, fd, a, b, c, rm))
        elif r < 0.7:
            out.append("fsqrt.%s %s, %s, %s" % (f, fd, a, rm))
        else:
            out.append("%s.%s %s, %s, %s" % (self.rng.choice(FP_NO_RM), f, fd, a, b))

    def fp_convert(self, out, ex):
        f = self.fmt()
        rm = self.rng.choice(ROUNDING)
        r = self.rng.random()
        fr = self.rng.choice(FREG)
        if r < 0.35:
            kind = self.rng.choice(["w", "wu", "l", "lu"])
            out.append("fcvt.%s.%s %s, %s, %s" % (kind, f, ABI[self.rd(ex)], fr, rm))
        elif r < 0.6:
            kind = self.rng.choice(["w", "wu", "l", "lu"])
            if f == "d" and kind in ("w", "wu"):
                out.append("fcvt.d.%s %s, %s" % (kind, fr, ABI[self.rs()]))
            else:
                out.append("fcvt.%s.%s %s, %s, %s" % (f, kind, fr, ABI[self.rs()], rm))
        elif r < 0.8:
            out.append("fcvt.s.d %s, %s, %s" % (fr, self.rng.choice(FREG), rm))
        else:
            out.append("fcvt.d.s %s, %s" % (fr, self.rng.choice(FREG)))

    def fp_to_x(self, out, ex):
        f = self.fmt()
        rd, a, b = ABI[self.rd(ex)], self.rng.choice(FREG), self.rng.choice(FREG)
        r = self.rng.random()
        if r < 0.5:
            out.append("%s.%s %s, %s, %s" % (self.rng.choice(FP_CMP), f, rd, a, b))
        elif r < 0.75:
            out.append("fclass.%s %s, %s" % (f, rd, a))
        else:
            out.append("fmv.x.%s %s, %s" % ("d" if f == "d" else "w", rd, a))
            if self.rng.random() < 0.3:
                out.append("fmv.%s.x %s, %s" % ("d" if f == "d" else "w", b, ABI[self.rs()]))

    def fp_mem(self, out, ex):
        r = self.rng.random()
        fr = self.rng.choice(FREG)
        if r < 0.6:
            width = self.rng.choice([4, 8])
            base, off = self.mem_operand(width, aligned=self.rng.random() < 0.9)
            op = ("flw", "fsw") if width == 4 else ("fld", "fsd")
            out.append("%s %s, %d(%s)" % (self.rng.choice(op), fr, off, ABI[base]))
        elif r < 0.8:                   # c.fld / c.fsd: f8..f15, s0 or s1, 0..248 by 8
            base = self.rng.choice([S0, S1])
            off = self.rng.randrange(0, 256, 8)
            if base == S1 and off + 8 > BUF_SIZE - 2048:
                off = 0
            out.append("c.%s f%d, %d(%s)" % (self.rng.choice(["fld", "fsd"]),
                                             self.rng.randint(8, 15), off, ABI[base]))
        else:                           # c.fldsp / c.fsdsp: sp + 0..504 by 8
            off = self.rng.randrange(0, 512, 8)
            if off + 8 > BUF_SIZE - 3072:
                off = 0
            out.append("c.%s %s, %d(sp)" % (self.rng.choice(["fldsp", "fsdsp"]), fr, off))

    def fp_csr(self, out, ex):
        """Flags read back and cleared into an x register; a new rounding mode."""
        r = self.rng.random()
        rd = ABI[self.rd(ex)]
        if r < 0.6:
            out.append("csrrw %s, fflags, zero" % rd)
        elif r < 0.85:
            out.append("csrrwi %s, frm, %d" % (rd, self.rng.randint(0, 4)))
        else:
            out.append("csrrs %s, fcsr, zero" % rd)

    def fence(self, out, ex):
        out.append(self.rng.choice(["fence", "fence rw, rw", "fence.i", "fence r, w"]))

    def compressed(self, out, ex):
        """One explicit c.* instruction (the assembler also compresses on its own)."""
        rng = self.rng
        kind = rng.randrange(20)
        crd = self.crd(ex)
        if kind in (4, 5, 6, 9, 10, 11) and crd is None:
            kind = 0
        rd = ABI[self.rd(ex, False)]
        nz = rng.choice([v for v in range(-32, 32) if v])
        if kind == 0:
            out.append("c.addi %s, %d" % (rd, nz))
        elif kind == 1:
            out.append("c.addiw %s, %d" % (rd, rng.randint(-32, 31)))
        elif kind == 2:
            out.append("c.li %s, %d" % (rd, rng.randint(-32, 31)))
        elif kind == 3:
            out.append("c.lui %s, 0x%x" % (rd, nz & 0xfffff))
        elif kind == 4:
            out.append("%s %s, %d" % (rng.choice(["c.srli", "c.srai"]), ABI[crd],
                                      rng.randint(1, 63)))
        elif kind == 5:
            out.append("c.andi %s, %d" % (ABI[crd], rng.randint(-32, 31)))
        elif kind == 6:
            op = rng.choice(["c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw"])
            out.append("%s %s, %s" % (op, ABI[crd], ABI[rng.choice(CREGS)]))
        elif kind == 7:
            out.append("c.slli %s, %d" % (rd, rng.randint(1, 63)))
        elif kind == 8:
            out.append("%s %s, %s" % (rng.choice(["c.mv", "c.add"]), rd,
                                      ABI[rng.randrange(1, 32)]))
        elif kind == 9:
            op, scale = rng.choice([("c.lw", 4), ("c.ld", 8)])
            out.append("%s %s, %d(%s)" % (op, ABI[crd], scale * rng.randrange(32),
                                          ABI[rng.choice([S0, S1])]))
        elif kind == 10:
            op, scale = rng.choice([("c.sw", 4), ("c.sd", 8)])
            out.append("%s %s, %d(%s)" % (op, ABI[rng.choice(CREGS)],
                                          scale * rng.randrange(32),
                                          ABI[rng.choice([S0, S1])]))
        elif kind == 11:
            out.append("c.addi4spn %s, sp, %d" % (ABI[crd], 4 * rng.randint(1, 255)))
        elif kind == 12:
            op, scale = rng.choice([("c.lwsp", 4), ("c.ldsp", 8)])
            out.append("%s %s, %d(sp)" % (op, rd, scale * rng.randrange(64)))
        elif kind == 13:
            op, scale = rng.choice([("c.swsp", 4), ("c.sdsp", 8)])
            out.append("%s %s, %d(sp)" % (op, ABI[self.rs()], scale * rng.randrange(64)))
        elif kind == 14:
            # sp moves and comes back; an access in between uses the moved sp.
            step = 16 * rng.choice([v for v in range(-31, 32) if v])
            out.append("c.addi16sp sp, %d" % step)
            if rng.random() < 0.5:
                out.append("c.sdsp %s, %d(sp)" % (ABI[self.rs()], 8 * rng.randrange(64)))
            else:
                out.append("c.ldsp %s, %d(sp)" % (rd, 8 * rng.randrange(64)))
            out.append("c.addi16sp sp, %d" % -step)
        elif kind == 15:
            out.append("c.nop")
        elif kind in (16, 17):
            # Short forward hops, inline so the 9/12-bit reach always suffices.
            end = self.label()
            if kind == 16:
                out.append("%s %s, %s" % (rng.choice(["c.beqz", "c.bnez"]),
                                          ABI[rng.choice(CREGS)], end))
            else:
                out.append("c.j %s" % end)
            for _ in range(rng.randint(1, 3)):
                self.alu_r(out, ex)
            out.append(end + ":")
        else:
            self.call_return(out, ex, compressed=True)

    def branch(self, out, ex, pending):
        r = self.rng.random()
        a, b = self.rs(), self.rs()
        if r < 0.15:
            b = a                              # always or never taken
        target = self.label()
        if r > 0.85:
            out.append("%s %s, %s" % (self.rng.choice(["beqz", "bnez", "bltz", "bgez",
                                                        "blez", "bgtz"]), ABI[a], target))
        else:
            out.append("%s %s, %s, %s" % (self.rng.choice(BRANCHES), ABI[a], ABI[b], target))
        pending.append([self.rng.randint(1, 8), target])

    def jump(self, out, ex, pending):
        target = self.label()
        r = self.rng.random()
        if r < 0.5:
            out.append("jal %s, %s" % (ABI[self.rd(ex) if r < 0.35 else 0], target))
        else:
            tmp = self.rd(ex, False)
            off = self.rng.choice([0, 0, 4, -4, 2046, -2046, 1, 3, -3])
            out.append("la %s, %s" % (ABI[tmp], target))
            if off:
                # jalr adds the offset and clears bit 0 of the sum.
                out.append("addi %s, %s, %d" % (ABI[tmp], ABI[tmp], -(off & ~1)))
            out.append("jalr %s, %d(%s)" % (ABI[self.rd(ex)], off, ABI[tmp]))
        pending.append([self.rng.randint(1, 6), target])

    def call_return(self, out, ex, compressed=False):
        """A forward subroutine: call it, return through the link register, skip it."""
        sub, after = self.label(), self.label()
        if compressed and 1 not in ex:
            tmp = self.rd(ex | {1}, False)
            out.append("la %s, %s" % (ABI[tmp], sub))
            out.append("c.jalr %s" % ABI[tmp])
            link = 1
        else:
            link = self.rd(ex, False)
            out.append("jal %s, %s" % (ABI[link], sub))
        out.append("j %s" % after)
        out.append(sub + ":")
        for _ in range(self.rng.randint(1, 4)):
            self.rng.choice([self.alu_r, self.alu_i, self.load, self.store])(out, ex | {link})
        if compressed:
            out.append("c.jr %s" % ABI[link])
        else:
            out.append("jalr %s, 0(%s)" % (ABI[self.rd(ex)], ABI[link]))
        out.append(after + ":")

    def loop(self, out, ex, depth):
        counter = self.rd(ex, False)
        top = self.label()
        out.append("li %s, %d" % (ABI[counter], self.rng.randint(1, 4)))
        out.append(top + ":")
        out.extend(self.block(self.rng.randint(2, 10), ex | {counter}, depth + 1))
        out.append("addi %s, %s, -1" % (ABI[counter], ABI[counter]))
        out.append("bnez %s, %s" % (ABI[counter], top))

    # --- structure ----------------------------------------------------------------

    def block(self, npatterns, ex, depth=0):
        """npatterns patterns; every forward label they create lands inside the block."""
        out, pending = [], []
        simple = [(self.alu_r, 16), (self.alu_i, 14), (self.upper, 2), (self.load_imm, 3),
                  (self.muldiv, 12), (self.load, 9), (self.store, 9), (self.amo, 5),
                  (self.lr_sc, 3), (self.csr, 3), (self.fence, 0.5),
                  (self.compressed, 10),
                  (self.fp_set, 6), (self.fp_arith, 22), (self.fp_convert, 8),
                  (self.fp_to_x, 8), (self.fp_mem, 5), (self.fp_csr, 5)]
        funcs = [f for f, _ in simple]
        weights = [w for _, w in simple]
        for _ in range(npatterns):
            r = self.rng.random()
            if r < 0.08:
                self.branch(out, ex, pending)
            elif r < 0.11:
                self.jump(out, ex, pending)
            elif r < 0.13:
                self.call_return(out, ex)
            elif r < 0.145 and depth < 2:
                self.loop(out, ex, depth)
            else:
                self.rng.choices(funcs, weights)[0](out, ex)
            for p in pending:
                p[0] -= 1
            for p in [p for p in pending if p[0] <= 0]:
                out.append(p[1] + ":")
                pending.remove(p)
        out.extend(p[1] + ":" for p in pending)
        return out

    def parts(self, npatterns=250):
        """Initial registers (mscratch first), initial buffer quads, body lines."""
        init_regs = [self.rng.getrandbits(64)] + [self.value() for _ in range(1, 32)]
        init_regs += [self.fp_value(self.fmt()) for _ in range(32)]
        init_regs.append(self.rng.randint(0, 4) << 5)     # fcsr: a valid frm, no flags
        init_buf = [self.rng.getrandbits(64) for _ in range(BUF_SIZE // 8)]
        return init_regs, init_buf, self.block(npatterns, set())

    def program(self):
        return render(self.seed, *self.parts())


def count_fp(text):
    """F/D instructions (and fcsr accesses) in a program's body."""
    n = 0
    for line in text.split("diff_body:", 1)[-1].splitlines():
        op = line.split()[0] if line.split() else ""
        if (op.startswith("f") and op != "fence") or op.startswith("c.f") or \
                any(c in line for c in (" fflags,", " frm,", " fcsr,")):
            n += 1
    return n


def render(title, init_regs, init_buf, body, stop_at=None):
    """Assembly text; with stop_at, the program stops (dumps) before body[stop_at].
    init_regs: mscratch, x1..x31, then optionally f0..f31 and fcsr (zero if absent)."""
    if stop_at is not None:
        body = body[:stop_at] + ["j diff_stop"] + body[stop_at:]
    lines = ["# Differential-test program %s, generated by tests/diff/gen.py." % title,
             "    .option norelax",
             "    .data",
             "    .balign 8",
             "    .globl diff_init_regs, diff_init_fregs, diff_init_buf",
             "diff_init_regs:"]
    names = ["mscratch"] + ["x%d" % i for i in range(1, 32)]
    lines += ["    .quad %s    # %s" % (hex64(v), n) for v, n in zip(init_regs, names)]
    fregs = list(init_regs[32:]) + [0] * (65 - len(init_regs))
    lines.append("diff_init_fregs:")
    names = ["f%d" % i for i in range(32)] + ["fcsr"]
    lines += ["    .quad %s    # %s" % (hex64(v), n) for v, n in zip(fregs, names)]
    lines.append("diff_init_buf:")
    for i in range(0, len(init_buf), 4):
        lines.append("    .quad " + ", ".join(hex64(v) for v in init_buf[i:i + 4]))
    lines += ["    .text", "    .globl diff_body", "diff_body:"]
    lines += [l if l.endswith(":") else "    " + l for l in body]
    lines += ["    j diff_end", ""]
    return "\n".join(lines)


# --- known-answer program ----------------------------------------------------------

def known_answer():
    """A fixed program and a function giving its exact dump from diff_buf's address,
    so a self-check proves the dump shows real register and memory values."""
    regs = [(i * 0x0123456789abcdef) & MASK64 for i in range(32)]
    regs[0] = 0x1122334455667788                      # slot 0 is mscratch
    buf = bytearray(i & 0xff for i in range(BUF_SIZE))
    body = [
        "la t0, _start",                              # x5: the ELF entry, 0x80000000
        "la t1, diff_buf",
        "sub t1, t1, s0",                             # x6: 0, s0 is the buffer base
        "addi t2, t2, 1",                             # x7
        "add a0, a1, a2",                             # x10
        "li a3, -1",                                  # x13
        "divu a4, a3, zero",                          # x14: division by zero
        "li a5, 0x8000000000000000",                  # x15
        "div a6, a5, a3",                             # x16: overflow gives the dividend
        "rem a7, a5, a3",                             # x17: 0
        "mulhu s2, a3, a3",                           # x18
        "sd a0, 8(s0)",
        "lw s3, 3(s0)",                               # x19: misaligned load
        "addi s4, s0, 16",
        "amoadd.d s5, a3, (s4)",                      # x21: old value; memory -1
        "sub s4, s4, s0",                             # x20: 16
        "csrrw s6, mscratch, s7",                     # x22 = mscratch; mscratch = x23
        "sltu s8, zero, a3",                          # x24: 1
        "sh s1, 2047(s0)",                            # misaligned, across s1
        "sw a0, 2043(s1)",                            # misaligned, near the end
    ]

    def expected(buf_addr):
        x = list(regs)
        m = dict(mscratch=x[0])
        x[0] = 0
        x[2], x[8], x[9] = buf_addr + 3072, buf_addr, buf_addr + 2048
        b = bytearray(buf)
        x[5] = 0x80000000
        x[6] = 0
        x[7] = (x[7] + 1) & MASK64
        x[10] = (x[11] + x[12]) & MASK64
        x[13] = MASK64
        x[14] = MASK64
        x[15] = 1 << 63
        x[16] = 1 << 63
        x[17] = 0
        x[18] = (MASK64 * MASK64) >> 64
        b[8:16] = x[10].to_bytes(8, "little")
        w = int.from_bytes(b[3:7], "little")
        x[19] = (w - (1 << 32)) & MASK64 if w & 0x80000000 else w
        old = int.from_bytes(b[16:24], "little")
        x[21] = old
        b[16:24] = ((old - 1) & MASK64).to_bytes(8, "little")
        x[20] = 16
        x[22], m["mscratch"] = m["mscratch"], x[23]
        x[24] = 1
        b[2047:2049] = (x[9] & 0xffff).to_bytes(2, "little")
        b[4091:4095] = (x[10] & 0xffffffff).to_bytes(4, "little")
        out = ["start 0000000080000000"]
        out += ["x%d %016x" % (i, x[i]) for i in range(1, 32)]
        out += ["f%d %016x" % (i, 0) for i in range(32)]
        out.append("fcsr 00")
        out.append("mscratch %016x" % m["mscratch"])
        out += ["b%03x %s" % (o, b[o:o + 32].hex()) for o in range(0, BUF_SIZE, 32)]
        out.append("end")
        return "\n".join(out) + "\n"

    init_buf = [int.from_bytes(buf[i:i + 8], "little") for i in range(0, BUF_SIZE, 8)]
    return render("known-answer", regs, init_buf, body), expected


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--known", action="store_true")
    ap.add_argument("--outdir", default=".")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    if args.known:
        text, _ = known_answer()
        paths = {"known.S": text}
    else:
        paths = {"prog-%d.S" % s: Generator(s).program()
                 for s in range(args.seed, args.seed + args.count)}
    for name, text in paths.items():
        with open(os.path.join(args.outdir, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
