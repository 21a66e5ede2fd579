"""--clock icount on a terminal: while the guest waits (for input, every hart in WFI),
machine time advances at the host's rate instead of racing ahead by skipping to each
timer deadline at once. Pagoda OS on a pseudo-terminal: /proc/uptime is read twice,
with the shell waiting for input for a few host seconds in between; the guest time that
passed must be close to the host time (the margins are wide: before, a wait of 3 s gave
minutes). Usage: tty_icount.py PAGODA ROMS_DIR"""
import sys, time

from ptyutil import Session

pagoda, roms = sys.argv[1:3]
s = Session([pagoda, "--clock", "icount", "-bios", f"{roms}/firmware.bin",
             "-kernel", f"{roms}/kernel.elf", "-initrd", f"{roms}/initramfs.cpio"])


def uptime():
    s.write(b"cat /proc/uptime\r")
    m = s.search(rb"\n(\d+\.\d+) \d+\.\d+\r*\n")
    return float(m.group(1)) if m else None


ok = True
try:
    ok = s.search(rb"\$ ") is not None             # the shell's prompt: booted
    time.sleep(0.5)
    t0, u0 = time.monotonic(), uptime()
    s.search(rb"\$ ")
    time.sleep(3.0)                                 # the shell waits for input
    t1, u1 = time.monotonic(), uptime()
    ok = ok and u0 is not None and u1 is not None
    if ok:
        host, guest = t1 - t0, u1 - u0
        print(f"  tty icount: host {host:.2f} s, guest {guest:.2f} s while waiting for input")
        ok = 0.5 * host <= guest <= 2 * host + 1
    print("  tty icount: guest time follows the host's while waiting:", "ok" if ok else "FAILED")
finally:
    s.write(b"\x01x")
    s.wait_exit(5.0)
sys.exit(0 if ok else 1)
