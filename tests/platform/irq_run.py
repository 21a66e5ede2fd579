#!/usr/bin/env python3
"""Runs the interrupt-driven driver (irq.elf) on QEMU virt and on Pagoda with the same
disk image and the same typed line, and checks that both print the same lines and end
with a pass. The line is typed once the program asks for it, so the output does not
depend on host timing. Usage: irq_run.py PAGODA IRQ_ELF WORKDIR"""
import os
import select
import shutil
import subprocess
import sys
import time

TIMEOUT = 60
LINE = b"ping pagoda\n"


def make_disk(path):
    data = bytearray(64 * 512)
    for i in range(len(data)):
        data[i] = (i * 7 + (i >> 9) * 13 + 0x21) & 0xff
    text = b"PAGODA-IRQ-TEST"
    data[3 * 512:3 * 512 + len(text)] = text
    open(path, "wb").write(data)


def run(name, cmd):
    """Runs cmd, types LINE after the prompt; returns (status, output text)."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = b""
    typed = False
    deadline = time.monotonic() + TIMEOUT
    fd = p.stdout.fileno()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            p.kill()
            p.wait()
            return None, out.decode(errors="replace")
        r, _, _ = select.select([fd], [], [], min(left, 1.0))
        if not r:
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        out += chunk
        if not typed and b"irq: type a line" in out:
            p.stdin.write(LINE)
            p.stdin.flush()
            typed = True
    try:
        st = p.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        st = None
    return st, out.decode(errors="replace")


def lines(text):
    return [l.rstrip("\r") for l in text.split("\n") if l.strip()]


def main():
    pagoda, elf, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    passed = failed = 0

    def check(ok, msg):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL: irq: " + msg)

    img_p = os.path.join(work, "irq_p.img")
    img_q = os.path.join(work, "irq_q.img")
    make_disk(img_p)
    make_disk(img_q)
    st_p, out_p = run("pagoda", [pagoda, elf, "-drive", f"file={img_p},format=raw"])
    open(os.path.join(work, "irq_pagoda.out"), "w").write(out_p)
    check(st_p == 0 and "irq: PASS" in out_p,
          f"on pagoda: status {st_p}; output:\n{out_p[-600:]}")
    if shutil.which("qemu-system-riscv64"):
        st_q, out_q = run("qemu", [
            "qemu-system-riscv64", "-M", "virt", "-bios", "none", "-nographic",
            "-kernel", elf, "-global", "virtio-mmio.force-legacy=false",
            "-drive", f"file={img_q},format=raw,if=none,id=d0",
            "-device", "virtio-blk-device,drive=d0"])
        open(os.path.join(work, "irq_qemu.out"), "w").write(out_q)
        check(st_q == 0 and "irq: PASS" in out_q,
              f"on qemu: status {st_q}; output:\n{out_q[-600:]}")
        check(lines(out_p) == lines(out_q),
              "pagoda and qemu print different lines:\n  pagoda: " +
              "\n  pagoda: ".join(lines(out_p)) + "\n  qemu:   " +
              "\n  qemu:   ".join(lines(out_q)))
    else:
        print("irq: qemu-system-riscv64 not found; skipping the QEMU run")
    print(f"irq: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
