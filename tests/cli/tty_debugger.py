"""Ctrl-A c on a pseudo-terminal, in a run started without -d: the debugger's commands
work (the terminal leaves raw mode before the prompt, so Enter ends the line as it does
under -d), `continue` gives the terminal back to the guest raw, and the settings are
the same afterwards as before. Then the same keystrokes under -d."""
import os, pty, select, sys, termios, time

pagoda, prog = sys.argv[1], sys.argv[2]


def session(extra):
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.execv(pagoda, [pagoda] + extra + [prog])
    return master, slave, before, pid


def read_until(master, token, timeout=10.0):
    buf, end = b"", time.monotonic() + timeout
    while token not in buf and time.monotonic() < end:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                buf += os.read(master, 4096)
            except OSError:
                break
    return buf


def wait_exit(pid, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            return st
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return None


ok = True


def check(cond, what, got=b""):
    global ok
    print(f"  tty debugger: {what}: {'ok' if cond else 'FAILED'}")
    if not cond:
        print("    got:", got)
        ok = False


# Without -d: Ctrl-A c enters the debugger.
master, slave, before, pid = session([])
check(b"ready" in read_until(master, b"ready"), "the guest started")
os.write(master, b"\x01c")
got = read_until(master, b"(pagoda) ")
check(b"(pagoda) " in got, "Ctrl-A c gives the prompt", got)
os.write(master, b"tlb\r")                 # Enter on a terminal sends \r
got = read_until(master, b"(pagoda) ")
check(b"itlb: 32 entries" in got and b"unknown command" not in got,
      "'tlb' + Enter runs the command", got)
os.write(master, b"regs\r")
got = read_until(master, b"(pagoda) ")
check(b"pc " in got and b"unknown command" not in got, "'regs' + Enter runs the command", got)
os.write(master, b"continue\r")
time.sleep(0.3)
os.write(master, b"ab")                    # raw again: no Enter needed
got = read_until(master, b"AB")
check(b"AB" in got, "after continue the guest reads raw input again", got)
os.write(master, b"\x01x")
st = wait_exit(pid)
check(st is not None and os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0, "Ctrl-A x quits", st)
check(termios.tcgetattr(slave) == before, "terminal settings restored")
os.close(master)
os.close(slave)

# With -d: the same keystrokes.
master, slave, before, pid = session(["-d"])
got = read_until(master, b"(pagoda) ")
os.write(master, b"tlb\r")
got = read_until(master, b"(pagoda) ")
check(b"itlb: 32 entries" in got and b"unknown command" not in got, "-d: 'tlb' + Enter", got)
os.write(master, b"quit\r")
st = wait_exit(pid)
check(st is not None and os.WIFEXITED(st), "-d: quit ends the run", st)
check(termios.tcgetattr(slave) == before, "-d: terminal settings restored")

sys.exit(0 if ok else 1)
