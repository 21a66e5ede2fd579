#!/usr/bin/env python3
"""trace_gen.py — writes the allocation traces the malloc benchmark replays, each imitating
a kind of program. Usage: trace_gen.py OUTDIR. Fixed seeds: the same traces every time.

Trace format, one operation a line: "m ID SIZE" (malloc), "r ID SIZE" (realloc of ID),
"f ID" (free). IDs are small integers, never reused; the first line is "# ids N"."""

import heapq
import math
import os
import random
import sys


class Trace:
    """Collects operations and hands out IDs; blocks still live at the end stay live."""

    def __init__(self):
        self.lines = []
        self.next_id = 0

    def malloc(self, size):
        ident = self.next_id
        self.next_id += 1
        self.lines.append(f"m {ident} {size}")
        return ident

    def realloc(self, ident, size):
        self.lines.append(f"r {ident} {size}")

    def free(self, ident):
        self.lines.append(f"f {ident}")

    def write(self, path):
        with open(path, "w") as out:
            out.write(f"# ids {self.next_id}\n")
            out.write("\n".join(self.lines))
            out.write("\n")


def log_uniform(rng, lo, hi):
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def small_objects(rng, nalloc=400_000):
    """An interpreter or compiler: many small objects, most dying young, a few kept."""
    t = Trace()
    sizes, weights = [16, 24, 32, 40, 48, 64, 96, 128, 256], [20, 25, 20, 8, 10, 8, 4, 4, 1]
    deaths = []
    for now in range(nalloc):
        while deaths and deaths[0][0] <= now:
            t.free(heapq.heappop(deaths)[1])
        ident = t.malloc(rng.choices(sizes, weights)[0])
        if rng.random() < 0.03:
            continue                                   # lives to the end
        heapq.heappush(deaths, (now + 1 + int(rng.expovariate(1 / 30)), ident))
    return t


def growing_arrays(rng, nsteps=400_000):
    """Vectors and string builders grown with realloc (by half or by a little), among
    short-lived temporaries; each vector is dropped when it reaches its final size."""
    t = Trace()
    vectors = []                                      # [id, size, final size, step kind]
    temps = []
    for _ in range(nsteps):
        if len(vectors) < 64 and rng.random() < 0.05:
            size = 16
            vectors.append([t.malloc(size), size, log_uniform(rng, 256, 2 << 20), rng.random() < 0.5])
        if vectors:
            v = rng.choice(vectors)
            v[1] = v[1] + v[1] // 2 if v[3] else v[1] + rng.randint(1, 64)
            if v[1] >= v[2]:
                t.free(v[0])
                vectors.remove(v)
            else:
                t.realloc(v[0], v[1])
        temps.append(t.malloc(rng.randint(8, 120)))
        if len(temps) > 32 or rng.random() < 0.5:
            t.free(temps.pop(rng.randrange(len(temps))))
    return t


def binary_trees(rng, rounds=120):
    """The binary-trees benchmark: one long-lived tree, and many short-lived trees of
    random depth built and then freed, with nodes of two sizes."""
    t = Trace()

    def build(depth):
        nodes = [t.malloc(24 if depth % 2 else 40)]
        if depth > 0:
            nodes += build(depth - 1)
            nodes += build(depth - 1)
        return nodes

    long_lived = build(16)
    for _ in range(rounds):
        nodes = build(rng.randint(4, 14))
        for ident in reversed(nodes):
            t.free(ident)
    for ident in long_lived[::2]:                      # half the old tree goes at the end
        t.free(ident)
    return t


def mixed(rng, nalloc=300_000):
    """A long-running program: mixed sizes, mostly short lives, a tenth long-lived, a
    few large buffers; the live set rises and falls in phases."""
    t = Trace()
    deaths = []
    for now in range(nalloc):
        while deaths and deaths[0][0] <= now:
            t.free(heapq.heappop(deaths)[1])
        r = rng.random()
        if r < 0.60:
            size = rng.randint(16, 256)
        elif r < 0.90:
            size = log_uniform(rng, 256, 8192)
        elif r < 0.995:
            size = log_uniform(rng, 8192, 128 * 1024)
        else:
            size = log_uniform(rng, 128 * 1024, 1 << 20)
        ident = t.malloc(size)
        phase = (now // 50_000) % 2
        if rng.random() < 0.10:
            life = int(rng.expovariate(1 / 60_000))    # long-lived
        else:
            life = int(rng.expovariate(1 / (5000 if phase else 200)))
        heapq.heappush(deaths, (now + 1 + life, ident))
    return t


TRACES = {
    "small": (small_objects, 1),
    "realloc": (growing_arrays, 2),
    "trees": (binary_trees, 3),
    "mixed": (mixed, 4),
}


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, (make, seed) in TRACES.items():
        make(random.Random(seed)).write(os.path.join(outdir, name + ".trace"))


if __name__ == "__main__":
    main()
