"""Ctrl-A c on a pseudo-terminal, in a run started without -d: the debugger's commands
work (the terminal leaves raw mode before the prompt, so Enter ends the line as it does
under -d), `continue` gives the terminal back to the guest raw, and the settings are
the same afterwards as before. Then the same keystrokes under -d."""
import os, sys, time

from ptyutil import Session

pagoda, prog = sys.argv[1], sys.argv[2]


ok = True


def check(cond, what, got=b""):
    global ok
    print(f"  tty debugger: {what}: {'ok' if cond else 'FAILED'}")
    if not cond:
        print("    got:", got)
        ok = False


# Without -d: Ctrl-A c enters the debugger.
s = Session([pagoda, prog])
check(b"ready" in s.read_until(b"ready"), "the guest started")
s.write(b"\x01c")
got = s.read_until(b"(pagoda) ")
check(b"(pagoda) " in got, "Ctrl-A c gives the prompt", got)
s.write(b"tlb\r")                 # Enter on a terminal sends \r
got = s.read_until(b"(pagoda) ")
check(b"itlb: 32 entries" in got and b"unknown command" not in got,
      "'tlb' + Enter runs the command", got)
s.write(b"regs\r")
got = s.read_until(b"(pagoda) ")
check(b"pc " in got and b"unknown command" not in got, "'regs' + Enter runs the command", got)
s.write(b"continue\r")
time.sleep(0.3)
s.write(b"ab")                    # raw again: no Enter needed
got = s.read_until(b"AB")
check(b"AB" in got, "after continue the guest reads raw input again", got)
s.write(b"\x01x")
st = s.wait_exit()
check(st is not None and os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0, "Ctrl-A x quits", st)
check(s.settings() == s.before, "terminal settings restored")
s.close()

# With -d: the same keystrokes.
s = Session([pagoda, "-d", prog])
got = s.read_until(b"(pagoda) ")
s.write(b"tlb\r")
got = s.read_until(b"(pagoda) ")
check(b"itlb: 32 entries" in got and b"unknown command" not in got, "-d: 'tlb' + Enter", got)
s.write(b"quit\r")
st = s.wait_exit()
check(st is not None and os.WIFEXITED(st), "-d: quit ends the run", st)
check(s.settings() == s.before, "-d: terminal settings restored")

sys.exit(0 if ok else 1)
