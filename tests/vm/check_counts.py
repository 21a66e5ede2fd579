#!/usr/bin/env python3
"""Exact TLB counts: runs tlb_counts.elf on Pagoda under several TLB geometries and
policies with --stats-json and compares every count with a prediction made by hand
from the program's access pattern (tlb_counts.S says which rules make them exact).

Usage: check_counts.py PAGODA tlb_counts.elf

The phases, one ASID each (p = 1..7), in U-mode from one code page:
  1  8 data pages cyclically, 3 rounds: 24 loads          109 instructions
  2  3 pages cyclically, 4 rounds: 12 loads                65
  3  A B C D A E A B (pages 16..20): 8 loads               9
  4  ld, sd, sd, ld of one page whose PTE has A = D = 0     5
  5  4 loads in one megapage                                5
  6  ld A, sd A, amoadd A, lr B, sc B, ld A (D already set) 7
  7  misaligned ld across pages 16|17, ld within 18, again  4
(instruction counts include the final ecall, which is fetched but does not retire).
Each phase ends with sfence.vma in M under its ASID.

Predictions, per phase: (accesses, hits, misses, evictions, flushed entries).
ITLB, every configuration: the code page misses once (3 PTE reads), every other
fetch hits: (n, n - 1, 1, 0, 1).
DTLB 4 entries, fully associative:
  1  every access misses for LRU and FIFO (8 > 4 pages cyclically), and for tree-PLRU
     too: after the 4 compulsory fills the tree points at ways 0, 2, 1, 3 in turn,
     always at the page needed soonest, so rounds 2 and 3 miss like round 1.
     24 fills, 20 evictions; 4 entries left for the fence.
  2  3 compulsory misses, 9 hits.
  3  LRU:  A B C D miss, A hits, E evicts B, A hits, B evicts C: 6 misses, 2 hits.
     FIFO: A hit changes nothing, E evicts A, A evicts B, B evicts C: 7 misses, 1 hit.
     PLRU: after A B C D A the tree points at way 2 (C); E replaces C; A and B hit:
     5 misses, 3 hits, 1 eviction.
  4  ld misses (walk sets A); the first sd finds the entry without D: it is dropped
     (not an eviction) and refilled by a walk that sets D; sd and ld then hit:
     2 misses, 2 hits, 2 A/D writes.
  5  one megapage entry: 1 miss (a 2-level walk: 2 PTE reads), 3 hits.
  6  A misses; sd, amo hit A (D set: one access each); lr misses B; sc, ld hit.
  7  one access per page a misaligned load touches: 16 and 17 miss, 18 misses,
     16 and 17 hit: 5 accesses, 3 misses.
DTLB 8 entries, 2 ways (4 sets, set = VPN mod 4): pages 16..23 fall two to a set, so
  phase 1 misses only in round 1 (8 misses, 16 hits) and phase 3 only compulsorily
  (A and E share set 0: 5 misses, 3 hits); the rest as above.
With a 16-entry L2 (LRU L1s), L2 accesses = L1 misses (ITLB and DTLB) and walks = L2
  misses: 1 = 25 accesses, 9 misses (8 pages + code), 16 hits; 3 = 7, 6 misses, the
  second B hits; 4 = 3 accesses, 3 misses (the L2 copy lacks D too); 7 = 4, 4.
Without L2 every DTLB miss is one fill and one walk: walks = ITLB + DTLB misses.
"""
import json
import os
import subprocess
import sys
import tempfile

PHASES = 7
ITLB_ACCESSES = [109, 65, 9, 5, 5, 7, 4]
PTE_READS_PER_DATA_WALK = [3, 3, 3, 3, 2, 3, 3]  # phase 5 walks to a megapage
AD_WRITES = [0, 0, 0, 2, 0, 0, 0]

LRU = [(24, 0, 24, 20, 4), (12, 9, 3, 0, 3), (8, 2, 6, 2, 4),
       (4, 2, 2, 0, 1), (4, 3, 1, 0, 1), (6, 4, 2, 0, 2), (5, 2, 3, 0, 3)]
FIFO = LRU[:2] + [(8, 1, 7, 3, 4)] + LRU[3:]
PLRU = LRU[:2] + [(8, 3, 5, 1, 4)] + LRU[3:]
SET_ASSOC = [(24, 16, 8, 0, 8), (12, 9, 3, 0, 3), (8, 3, 5, 0, 5),
             (4, 2, 2, 0, 1), (4, 3, 1, 0, 1), (6, 4, 2, 0, 2), (5, 2, 3, 0, 3)]
L2_16 = [(25, 16, 9, 0, 9), (4, 0, 4, 0, 4), (7, 1, 6, 0, 6),
         (3, 0, 3, 0, 2), (2, 0, 2, 0, 2), (3, 0, 3, 0, 3), (4, 0, 4, 0, 4)]

CONFIGS = [
    # name, --tlb spec, (entries, ways, policy) of the DTLB, DTLB rows, L2 rows
    ("lru", "itlb=4x4,dtlb=4x4,policy=lru", (4, 4, "lru"), LRU, None),
    ("fifo", "itlb=4x4,dtlb=4x4,policy=fifo", (4, 4, "fifo"), FIFO, None),
    ("plru", "itlb=4x4,dtlb=4x4,policy=plru", (4, 4, "plru"), PLRU, None),
    ("8x2-lru", "itlb=4x4,dtlb=8x2,policy=lru", (8, 2, "lru"), SET_ASSOC, None),
    ("l2-lru", "itlb=4x4,dtlb=4x4,l2=16x16,policy=lru", (4, 4, "lru"), LRU, L2_16),
]


def tlb_counts(row):
    acc, hits, misses, evictions, flushed = row
    return {"accesses": acc, "hits": hits, "misses": misses, "evictions": evictions,
            "flushed_entries": flushed}


def predict(dtlb_rows, l2_rows):
    """Per-phase predictions: {tlb name: counts, 'walks', 'pte_reads', 'ad_writes'}."""
    phases = []
    for p in range(PHASES):
        n = ITLB_ACCESSES[p]
        itlb = tlb_counts((n, n - 1, 1, 0, 1))
        dtlb = tlb_counts(dtlb_rows[p])
        itlb["fills"] = 1
        dtlb["fills"] = dtlb["misses"]
        ph = {"itlb": itlb, "dtlb": dtlb, "ad_writes": AD_WRITES[p]}
        if l2_rows:
            l2 = tlb_counts(l2_rows[p])
            l2["fills"] = l2["misses"]
            ph["l2"] = l2
            data_walks = l2["misses"] - 1
        else:
            data_walks = dtlb["misses"]
        ph["walks"] = 1 + data_walks
        ph["pte_reads"] = 3 + data_walks * PTE_READS_PER_DATA_WALK[p]
        phases.append(ph)
    return phases


class Checker:
    def __init__(self, name):
        self.name = name
        self.errors = []

    def eq(self, what, got, want):
        if got != want:
            self.errors.append(f"{what}: got {got}, predicted {want}")


def check_tlb(c, where, got, want, nfences):
    for k, v in want.items():
        c.eq(f"{where}.{k}", got.get(k), v)
    c.eq(f"{where}.flushes.all", got["flushes"]["all"], nfences)
    for k in ("asid", "va", "va_asid"):
        c.eq(f"{where}.flushes.{k}", got["flushes"][k], 0)
    c.eq(f"{where} hits + misses", got["hits"] + got["misses"], got["accesses"])


def sums(phases, tlb):
    keys = ("accesses", "hits", "misses", "fills", "evictions", "flushed_entries")
    return {k: sum(ph[tlb][k] for ph in phases) for k in keys}


def check_run(c, stats, geometry, phases, has_l2):
    tlbs = ("itlb", "dtlb", "l2") if has_l2 else ("itlb", "dtlb")
    c.eq("schema", (stats.get("schema"), stats.get("version")), ("pagoda-stats", 2))
    entries, ways, policy = geometry
    d = stats["tlb"]["dtlb"]
    c.eq("dtlb geometry", (d["entries"], d["ways"], d["policy"]), (entries, ways, policy))
    c.eq("l2 present", "l2" in stats["tlb"], has_l2)
    for p, want in enumerate(phases, 1):
        got = stats["asids"].get(str(p))
        if got is None:
            c.errors.append(f"asid {p}: no counts")
            continue
        for t in tlbs:
            check_tlb(c, f"asid {p} {t}", got[t], want[t], 1)
        for k in ("walks", "pte_reads", "ad_writes"):
            c.eq(f"asid {p} {k}", got[k], want[k])
        for kind in ("page_faults", "walk_access_faults"):
            n = sum(sum(v.values()) for v in got[kind].values())
            c.eq(f"asid {p} {kind}", n, 0)
        if not has_l2:      # each miss counted once: one fill and one walk
            c.eq(f"asid {p} dtlb fills", got["dtlb"]["fills"], got["dtlb"]["misses"])
            c.eq(f"asid {p} walks = itlb + dtlb misses", got["walks"],
                 got["itlb"]["misses"] + got["dtlb"]["misses"])
    # the totals are the phases' (M-mode, ASID 0, translates nothing)
    for t in tlbs:
        total = stats["tlb"][t]["counts"]
        for k, v in sums(phases, t).items():
            c.eq(f"total {t}.{k}", total[k], v)
    for k in ("walks", "pte_reads", "ad_writes"):
        c.eq(f"total {k}", stats[k], sum(ph[k] for ph in phases))
    if not has_l2:
        c.eq("total walks = itlb + dtlb misses", stats["walks"],
             stats["tlb"]["itlb"]["counts"]["misses"] + stats["tlb"]["dtlb"]["counts"]["misses"])
    ins = stats["instructions"]
    c.eq("U instructions (fetches less the ecalls)", ins["U"], sum(ITLB_ACCESSES) - PHASES)
    c.eq("S instructions", ins["S"], 0)


def run(pagoda, elf, args):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stats.json")
        r = subprocess.run([pagoda, *args, "--stats-json", path, elf],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
        if r.returncode != 0:
            return None, f"exit status {r.returncode}: {r.stderr.decode(errors='replace').strip()}"
        with open(path) as f:
            return json.load(f), None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.splitlines()[4])
    pagoda, elf = sys.argv[1], sys.argv[2]
    checkers = []
    for name, spec, geometry, dtlb_rows, l2_rows in CONFIGS:
        c = Checker(name)
        checkers.append(c)
        stats, err = run(pagoda, elf, ["--tlb", spec])
        if err:
            c.errors.append(err)
            continue
        check_run(c, stats, geometry, predict(dtlb_rows, l2_rows), l2_rows is not None)

    # Shadow TLBs see the same translations: the main model (LRU) counts as before,
    # and each shadow's totals are those of its own configuration.
    shadows = [cfg for cfg in CONFIGS if cfg[0] in ("fifo", "plru", "8x2-lru")]
    c = Checker("shadow")
    checkers.append(c)
    stats, err = run(pagoda, elf, ["--tlb", CONFIGS[0][1],
                                   "--shadow-tlb", ";".join(cfg[1] for cfg in shadows)])
    if err:
        c.errors.append(err)
    else:
        check_run(c, stats, CONFIGS[0][2], predict(LRU, None), False)
        c.eq("shadow count", len(stats["shadow"]), len(shadows))
        for (name, spec, geometry, rows, _), sh in zip(shadows, stats["shadow"]):
            phases = predict(rows, None)
            for t in ("itlb", "dtlb"):
                got = sh[t]["counts"]
                for k, v in sums(phases, t).items():
                    c.eq(f"shadow {name} {t}.{k}", got[k], v)
                c.eq(f"shadow {name} {t}.flushes", got["flushes"],
                     stats["tlb"][t]["counts"]["flushes"])

    failed = 0
    for c in checkers:
        if c.errors:
            failed += 1
            print(f"FAIL tlb_counts {c.name}:")
            for e in c.errors:
                print(f"  {e}")
    print(f"vm tlb counts: {len(checkers) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
