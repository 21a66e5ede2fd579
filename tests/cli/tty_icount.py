"""--clock icount on a terminal: while the guest waits (for input, every hart in WFI),
machine time advances at the host's rate instead of racing ahead by skipping to each
timer deadline at once. Pagoda OS on a pseudo-terminal: /proc/uptime is read twice,
with the shell waiting for input for a few host seconds in between; the guest time that
passed must be close to the host time (the margins are wide: before, a wait of 3 s gave
minutes). Usage: tty_icount.py PAGODA ROMS_DIR"""
import os, pty, re, select, sys, time

pagoda, roms = sys.argv[1:3]
master, slave = pty.openpty()
pid = os.fork()
if pid == 0:
    os.setsid()
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execv(pagoda, [pagoda, "--clock", "icount", "-bios", f"{roms}/firmware.bin",
                      "-kernel", f"{roms}/kernel.elf", "-initrd", f"{roms}/initramfs.cpio"])
os.close(slave)
buf = b""


def read_until(pattern, timeout=60.0):
    global buf
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        m = re.search(pattern, buf)
        if m:
            buf = buf[m.end():]
            return m
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                buf += os.read(master, 4096)
            except OSError:
                break
    return None


def uptime():
    os.write(master, b"cat /proc/uptime\r")
    m = read_until(rb"\n(\d+\.\d+) \d+\.\d+\r*\n")
    return float(m.group(1)) if m else None


ok = True
try:
    ok = read_until(rb"\$ ") is not None           # the shell's prompt: booted
    time.sleep(0.5)
    t0, u0 = time.monotonic(), uptime()
    read_until(rb"\$ ")
    time.sleep(3.0)                                 # the shell waits for input
    t1, u1 = time.monotonic(), uptime()
    ok = ok and u0 is not None and u1 is not None
    if ok:
        host, guest = t1 - t0, u1 - u0
        print(f"  tty icount: host {host:.2f} s, guest {guest:.2f} s while waiting for input")
        ok = 0.5 * host <= guest <= 2 * host + 1
    print("  tty icount: guest time follows the host's while waiting:", "ok" if ok else "FAILED")
finally:
    os.write(master, b"\x01x")
    for _ in range(100):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
sys.exit(0 if ok else 1)
