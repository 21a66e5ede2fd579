"""Runs pagoda on a pseudo-terminal: input is raw (no line buffering, no echo by the
host), Ctrl-C reaches the guest instead of killing pagoda, Ctrl-A x quits with status
0, and the terminal's settings are the same afterwards as before."""
import os, pty, select, sys, termios, time

pagoda, prog = sys.argv[1], sys.argv[2]
master, slave = pty.openpty()
before = termios.tcgetattr(slave)
pid = os.fork()
if pid == 0:
    os.setsid()
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execv(pagoda, [pagoda, prog])

def read_until(token, timeout=5.0):
    buf, end = b"", time.monotonic() + timeout
    while token not in buf and time.monotonic() < end:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            buf += os.read(master, 4096)
    return buf

ok = b"ready" in read_until(b"ready")
os.write(master, b"ab\x03")           # raw: 'a', 'b' and Ctrl-C go to the guest
got = read_until(b"AB")
ok = ok and b"AB" in got
print("  tty: got", got)
os.write(master, b"\x01x")            # Ctrl-A x
deadline = time.monotonic() + 5
status = None
while time.monotonic() < deadline:
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
        break
    time.sleep(0.05)
if status is None:
    os.kill(pid, 9)
    print("  tty: pagoda did not quit on Ctrl-A x")
    sys.exit(1)
after = termios.tcgetattr(slave)
ok = ok and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
print("  tty: status", status, "attrs equal", before == after)
ok = ok and before == after
print("  tty: raw input, Ctrl-A x, settings restored:", "ok" if ok else "FAILED")
sys.exit(0 if ok else 1)
