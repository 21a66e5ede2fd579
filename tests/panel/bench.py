#!/usr/bin/env python3
"""bench-panel: how much the panel window slows the emulator.

  bench.py PAGODA WORKLOAD.elf [RUNS]

Runs WORKLOAD (a TLB-heavy paging program) RUNS times (default 3) with --no-panel
and with --panel on SDL's dummy video driver (the window is drawn, just not shown),
interleaved, and prints the best wall-clock time of each and the slowdown. The panel
keeps its painting under 1/20 of the host's time and samples counters the hart keeps
anyway, so the budget is 10%.
"""
import os
import subprocess
import sys
import time

BUDGET = 10.0


def run(cmd, env):
    start = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    if p.returncode != 0:
        sys.exit(f"bench-panel: {' '.join(cmd)}: exit {p.returncode}\n"
                 f"{p.stderr.decode(errors='replace')}")
    return time.perf_counter() - start


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    pagoda, elf = argv[1], argv[2]
    runs = int(argv[3]) if len(argv) > 3 else 3
    env = dict(os.environ, SDL_VIDEODRIVER="dummy")
    for k in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(k, None)
    off, on = [], []
    for _ in range(runs):
        off.append(run([pagoda, "--no-panel", elf], env))
        on.append(run([pagoda, "--panel", elf], env))
    a, b = min(off), min(on)
    slowdown = 100.0 * (b - a) / a
    name = os.path.relpath(elf)
    print(f"bench-panel: {name}, best of {runs}")
    print(f"  without the panel   {a:7.3f} s")
    print(f"  with the panel      {b:7.3f} s   (SDL_VIDEODRIVER=dummy, 30 frames/s max)")
    print(f"  slowdown            {slowdown:+6.1f} %   (budget {BUDGET:.0f} %)"
          + ("" if slowdown <= BUDGET else "   OVER BUDGET"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
