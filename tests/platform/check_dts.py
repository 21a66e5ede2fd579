#!/usr/bin/env python3
"""Checks the device tree Pagoda generates (decompiled by `dtc -I dtb -O dts`) against
the virt board: cpus, memory, clint, plic, uart with its interrupt, the eight
virtio-mmio slots with interrupts 1..8, the test finisher, poweroff/reboot, chosen, and
the riscv,pmu node that lets OpenSBI map the SBI PMU's events onto Pagoda's.
Usage: check_dts.py FILE.dts [BOOTARGS]. Prints one line per problem; exit 1 if any."""
import re
import sys


def parse(text):
    """Returns {path: {prop: raw value text or True}} from dts source."""
    nodes, stack = {}, []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("/dts-v1/"):
            continue
        m = re.match(r"^([\w@,.+-]+|/)\s*\{$", line)
        if m:
            name = m.group(1)
            path = "/" if name == "/" else stack[-1] + "/" + name
            stack.append("" if name == "/" else path)
            nodes[path] = {}
            continue
        if line == "};":
            stack.pop()
            continue
        m = re.match(r"^([#\w,.+-]+)\s*(?:=\s*(.*))?;$", line)
        if m and stack:
            path = stack[-1] or "/"
            nodes[path][m.group(1)] = m.group(2) if m.group(2) is not None else True
    return nodes


def cells(v):
    return [int(x, 16) for x in re.findall(r"0x[0-9a-f]+", v)] if isinstance(v, str) else []


def main():
    nodes = parse(open(sys.argv[1]).read())
    bootargs = sys.argv[2] if len(sys.argv) > 2 else None
    errors = []

    def need(path, prop=None, value=None, check=None):
        if path not in nodes:
            errors.append(f"missing node {path}")
            return None
        if prop is None:
            return nodes[path]
        if prop not in nodes[path]:
            errors.append(f"{path}: missing {prop}")
            return None
        v = nodes[path][prop]
        if value is not None and v != value:
            errors.append(f"{path}: {prop} = {v}, expected {value}")
        if check is not None and not check(v):
            errors.append(f"{path}: {prop} = {v} is wrong")
        return v

    need("/chosen", "stdout-path", '"/soc/serial@10000000"')
    if bootargs:
        need("/chosen", "bootargs", f'"{bootargs}"')
    need("/memory@80000000", "device_type", '"memory"')
    need("/memory@80000000", "reg", check=lambda v: cells(v) == [0, 0x80000000, 0, 0x8000000])
    need("/cpus", "timebase-frequency", check=lambda v: cells(v) == [10000000])
    need("/cpus/cpu@0", "device_type", '"cpu"')
    need("/cpus/cpu@0", "riscv,isa", check=lambda v: v.startswith('"rv64imafdc_'))
    need("/cpus/cpu@0", "riscv,isa-base", '"rv64i"')
    need("/cpus/cpu@0", "riscv,isa-extensions",
         check=lambda v: v.startswith(r'"i\0m\0a\0f\0d\0c\0zicntr'))
    intc = need("/cpus/cpu@0/interrupt-controller", "phandle")
    intc = cells(intc)[0] if intc else None
    need("/cpus/cpu@0/interrupt-controller", "compatible", '"riscv,cpu-intc"')
    need("/soc/clint@2000000", "reg", check=lambda v: cells(v) == [0, 0x2000000, 0, 0x10000])
    need("/soc/clint@2000000", "interrupts-extended",
         check=lambda v: cells(v) == [intc, 3, intc, 7])

    plic = "/soc/plic@c000000"
    need(plic, "compatible", r'"sifive,plic-1.0.0\0riscv,plic0"')
    need(plic, "interrupt-controller", True)
    need(plic, "#interrupt-cells", check=lambda v: cells(v) == [1])
    need(plic, "reg", check=lambda v: cells(v) == [0, 0xc000000, 0, 0x600000])
    need(plic, "riscv,ndev", check=lambda v: cells(v) == [95])
    need(plic, "interrupts-extended", check=lambda v: cells(v) == [intc, 11, intc, 9])
    ph = need(plic, "phandle")
    ph = cells(ph)[0] if ph else None

    uart = "/soc/serial@10000000"
    need(uart, "compatible", '"ns16550a"')
    need(uart, "reg", check=lambda v: cells(v) == [0, 0x10000000, 0, 0x100])
    need(uart, "interrupts", check=lambda v: cells(v) == [10])
    need(uart, "interrupt-parent", check=lambda v: cells(v) == [ph])

    slots = [p for p in nodes if p.startswith("/soc/virtio_mmio@")]
    if len(slots) != 8:
        errors.append(f"{len(slots)} virtio_mmio nodes, expected 8")
    for n in range(8):
        base = 0x10001000 + n * 0x1000
        node = f"/soc/virtio_mmio@{base:x}"
        need(node, "compatible", '"virtio,mmio"')
        need(node, "reg", check=lambda v, b=base: cells(v) == [0, b, 0, 0x1000])
        need(node, "interrupts", check=lambda v, i=n + 1: cells(v) == [i])
        need(node, "interrupt-parent", check=lambda v: cells(v) == [ph])

    test = need("/soc/test@100000", "phandle")
    test = cells(test)[0] if test else None
    need("/soc/test@100000", "compatible", check=lambda v: "sifive,test0" in v)
    need("/soc/test@100000", "reg", check=lambda v: cells(v) == [0, 0x100000, 0, 0x1000])
    for node, value in (("/poweroff", 0x5555), ("/reboot", 0x7777)):
        need(node, "compatible", f'"syscon-{node[1:]}"')
        need(node, "regmap", check=lambda v: cells(v) == [test])
        need(node, "value", check=lambda v, x=value: cells(v) == [x])

    # riscv,pmu: the SBI events onto the README's hpm events (cycles 13, instructions 12,
    # DTLB load access 7 and miss 8, store 9 and 10, ITLB access 6 and miss 1), counters
    # 3..31 (and the fixed ones for cycles and instret), raw events of 19 bits.
    events = [(0x1, 13), (0x2, 12), (0x10018, 7), (0x10019, 8), (0x1001a, 9), (0x1001b, 10),
              (0x10020, 6), (0x10021, 1)]
    need("/pmu", "compatible", '"riscv,pmu"')
    need("/pmu", "riscv,event-to-mhpmevent",
         check=lambda v: cells(v) == [x for e, h in events for x in (e, 0, h)])
    fixed = {0x1: 0x1, 0x2: 0x4}
    need("/pmu", "riscv,event-to-mhpmcounters",
         check=lambda v: cells(v) == [x for e, _ in events for x in (e, e, 0xfffffff8 | fixed.get(e, 0))])
    need("/pmu", "riscv,raw-event-to-mhpmcounters",
         check=lambda v: cells(v) == [0, 0, 0xffffffff, 0xfff80000, 0xfffffff8])

    for e in errors:
        print("dts: " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
