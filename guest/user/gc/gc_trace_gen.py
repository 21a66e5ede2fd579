#!/usr/bin/env python3
"""gc_trace_gen.py — writes a mutator trace for the collector benchmark: the heap
operations of a small compiler-like program, generated from a model of its object
graph (so every load names the object it must find) and replayed by workloads.c.

The program: a symbol table (a pointer array of buckets of entry chains) lives all
along and is rehashed into a bigger array as it fills; modules are parsed into trees
and kept on a list of the last few, each tree rewritten once (the old one dropped) and
some of its nodes named in the symbol table; strings are made and dropped as it goes.
Young garbage, a medium-lived window of modules, long-lived symbols, and
old-to-young stores (the table and the list point at new objects).

Format, one operation per line (R, Q registers 0..63, the roots; '-' is NULL):
    t ID NPTRS DATA_BYTES     a type: NPTRS pointer words, then data (>= 8 bytes)
    n R TYPE SERIAL           R = new object; its first data word holds SERIAL
    a R LENGTH SERIAL         R = new pointer array
    s R FIELD Q|-             R.FIELD = Q
    l R Q FIELD SERIAL|-      R = Q.FIELD, which must be that object (or NULL)
    m R Q|-                   R = Q
    c R                       R = NULL
    # peak-live BYTES         most payload bytes reachable at once (checked every
                              few thousand operations)

Usage: gc_trace_gen.py OUT.trace OPS [SEED]
"""
import random
import sys

TYPES = [  # (name, pointer fields, data bytes)
    ("ident", 1, 16), ("binop", 2, 8), ("call", 3, 24), ("literal", 0, 8),
    ("string", 0, 40), ("entry", 2, 16), ("module", 3, 16), ("block", 4, 200),
]
T = {name: i for i, (name, _, _) in enumerate(TYPES)}
SYMTAB, MODULES, ENTRY, HEAD, MOD = 0, 1, 2, 3, 4
TREE, COPY = 8, 32          # registers of the tree walk: TREE+d, COPY+d
TEMP = 60
KEEP_MODULES = 8


class Gen:
    def __init__(self, out, seed):
        self.out = out
        self.rnd = random.Random(seed)
        self.objs = {}          # serial -> [length or None, type index or -1, fields]
        self.regs = [None] * 64
        self.serial = 0
        self.nops = 0
        self.peak = 0
        self.entries = 0
        for i, (_, p, d) in enumerate(TYPES):
            out.write(f"t {i} {p} {d}\n")

    def emit(self, line):
        self.out.write(line + "\n")
        self.nops += 1
        if self.nops % 4000 == 0:
            self.measure()

    def size(self, s):
        o = self.objs[s]
        if o[1] < 0:
            return 8 + 8 * len(o[2])
        return 8 * TYPES[o[1]][1] + TYPES[o[1]][2]

    def measure(self):
        """Reachable payload bytes now; what is unreachable is forgotten."""
        seen = set(x for x in self.regs if x is not None)
        stack = list(seen)
        while stack:
            for c in self.objs[stack.pop()][2]:
                if c is not None and c not in seen:
                    seen.add(c)
                    stack.append(c)
        self.peak = max(self.peak, sum(self.size(s) for s in seen))
        self.objs = {s: self.objs[s] for s in seen}

    # the five operations, applied to the model as they are written
    def new(self, r, tname):
        t = T[tname]
        self.objs[self.serial] = [None, t, [None] * TYPES[t][1]]
        self.regs[r] = self.serial
        self.emit(f"n {r} {t} {self.serial}")
        self.serial += 1

    def array(self, r, n):
        self.objs[self.serial] = [n, -1, [None] * n]
        self.regs[r] = self.serial
        self.emit(f"a {r} {n} {self.serial}")
        self.serial += 1

    def store(self, r, f, q):
        self.objs[self.regs[r]][2][f] = None if q is None else self.regs[q]
        self.emit(f"s {r} {f} {'-' if q is None or self.regs[q] is None else q}")

    def load(self, r, q, f):
        v = self.objs[self.regs[q]][2][f]
        self.regs[r] = v
        self.emit(f"l {r} {q} {f} {'-' if v is None else v}")

    def move(self, r, q):
        self.regs[r] = self.regs[q]
        self.emit(f"m {r} {q}")

    def clear(self, r):
        self.regs[r] = None
        self.emit(f"c {r}")

    def nfields(self, r):
        return len(self.objs[self.regs[r]][2])

    # the program
    def tree(self, d, budget):
        """Builds a random tree in register TREE+d; returns the nodes it used."""
        r = TREE + d
        if d >= 12 or budget <= 1 or self.rnd.random() < 0.25:
            self.new(r, self.rnd.choice(["literal", "ident", "string"]))
            return 1
        self.new(r, self.rnd.choice(["binop", "binop", "call", "ident", "block"]))
        used = 1
        for f in range(self.nfields(r)):
            if self.rnd.random() < 0.85:
                used += self.tree(d + 1, (budget - used) // (self.nfields(r) - f))
                self.store(r, f, r + 1)
        self.clear(r + 1)
        return used

    def rewrite(self, d):
        """Copies the tree in TREE+d into COPY+d, folding some subtrees to literals."""
        src, dst = TREE + d, COPY + d
        t = self.objs[self.regs[src]][1]
        if TYPES[t][1] and d > 2 and self.rnd.random() < 0.1:
            self.new(dst, "literal")
            return
        self.new(dst, TYPES[t][0])
        for f in range(TYPES[t][1]):
            self.load(src + 1, src, f)
            if self.regs[src + 1] is not None:
                self.rewrite(d + 1)
                self.store(dst, f, dst + 1)
        self.clear(src + 1)
        self.clear(dst + 1)

    def define(self, value_reg):
        """A symbol table entry for the object in value_reg, at the head of a bucket."""
        buckets = self.nfields(SYMTAB)
        b = self.rnd.randrange(buckets)
        self.new(ENTRY, "entry")
        self.store(ENTRY, 1, value_reg)
        self.load(HEAD, SYMTAB, b)
        self.store(ENTRY, 0, HEAD)
        self.store(SYMTAB, b, ENTRY)
        self.entries += 1
        if self.entries > 2 * buckets:
            self.rehash(2 * buckets)

    def rehash(self, n):
        old = self.nfields(SYMTAB)
        self.array(TEMP, n)
        for b in range(old):
            self.load(HEAD, SYMTAB, b)
            while self.regs[HEAD] is not None:
                self.load(ENTRY, HEAD, 0)           # the rest of the chain
                nb = self.rnd.randrange(n)
                self.load(TEMP + 1, TEMP, nb)
                self.store(HEAD, 0, TEMP + 1)
                self.store(TEMP, nb, HEAD)
                self.move(HEAD, ENTRY)
        self.move(SYMTAB, TEMP)
        self.clear(TEMP)
        self.clear(TEMP + 1)
        self.clear(ENTRY)

    def forget_symbols(self, k):
        """Drops the first entry of k random buckets."""
        for _ in range(k):
            b = self.rnd.randrange(self.nfields(SYMTAB))
            self.load(HEAD, SYMTAB, b)
            if self.regs[HEAD] is not None:
                self.load(ENTRY, HEAD, 0)
                self.store(SYMTAB, b, ENTRY)
                self.entries -= 1
        self.clear(HEAD)
        self.clear(ENTRY)

    def module(self):
        self.tree(0, self.rnd.randrange(50, 1500))
        self.new(MOD, "module")
        self.store(MOD, 1, TREE)
        self.store(MOD, 0, MODULES)
        self.move(MODULES, MOD)
        for _ in range(self.rnd.randrange(3, 30)):      # name some of its nodes
            self.load(TREE + 1, TREE, 0) if self.nfields(TREE) else self.clear(TREE + 1)
            self.define(TREE + 1 if self.regs[TREE + 1] is not None else TREE)
            for _ in range(self.rnd.randrange(4)):       # strings made and dropped
                self.new(TEMP + 2, "string")
        self.clear(TREE + 1)
        self.rewrite(0)                                  # the new tree replaces the old
        self.store(MOD, 1, COPY)
        self.clear(COPY)
        self.clear(TREE)
        # keep the last KEEP_MODULES modules
        self.move(HEAD, MODULES)
        for _ in range(KEEP_MODULES - 1):
            if self.regs[HEAD] is None:
                break
            self.load(HEAD, HEAD, 0)
        if self.regs[HEAD] is not None:
            self.store(HEAD, 0, None)
        self.clear(HEAD)
        self.clear(MOD)
        self.clear(TEMP + 2)
        if self.rnd.random() < 0.3:
            self.forget_symbols(self.rnd.randrange(1, 20))

    def run(self, ops):
        self.array(SYMTAB, 64)
        while self.nops < ops:
            self.module()
        for r in range(64):
            if self.regs[r] is not None:
                self.clear(r)
        self.measure()
        self.out.write(f"# peak-live {self.peak}\n")


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: gc_trace_gen.py OUT.trace OPS [SEED]")
    out, ops = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    with open(out, "w") as f:
        f.write(f"# gc mutator trace: {ops} operations, seed {seed}\n")
        Gen(f, seed).run(ops)


if __name__ == "__main__":
    main()
