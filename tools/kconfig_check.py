#!/usr/bin/env python3
"""kconfig_check.py CONFIG FRAGMENT...: every CONFIG_X=v (or "# CONFIG_X is not set", or
CONFIG_X=n) in the fragments must hold in the resolved .config, a later fragment's
value over an earlier one's (as Kconfig reads them, one after the other); prints the
ones that do not and exits 1. Kconfig silently drops a symbol whose dependencies are
unmet."""
import re
import sys


def values(path, fragment):
    out = {}
    for line in open(path):
        line = line.strip()
        m = re.match(r'# (CONFIG_\w+) is not set$', line)
        if m:
            out[m.group(1)] = 'n'
            continue
        if line.startswith('#') or '=' not in line:
            continue
        name, val = line.split('=', 1)
        out[name] = val
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit('usage: kconfig_check.py CONFIG FRAGMENT...')
    have = values(sys.argv[1], False)
    wanted = {}
    for frag in sys.argv[2:]:
        for name, want in values(frag, True).items():
            wanted[name] = (frag, want)
    bad = []
    for name, (frag, want) in wanted.items():
        got = have.get(name, 'n')
        if got != want:
            bad.append(f'{frag}: {name}={want} but the kernel config has {name}={got}')
    for b in bad:
        print(b, file=sys.stderr)
    sys.exit(1 if bad else 0)


main()
