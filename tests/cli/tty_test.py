"""Runs pagoda on a pseudo-terminal: input is raw (no line buffering, no echo by the
host), Ctrl-C reaches the guest instead of killing pagoda, Ctrl-A x quits with status
0, and the terminal's settings are the same afterwards as before."""
import os, sys

from ptyutil import Session

pagoda, prog = sys.argv[1], sys.argv[2]
s = Session([pagoda, prog])
ok = b"ready" in s.read_until(b"ready", 5.0)
s.write(b"ab\x03")                    # raw: 'a', 'b' and Ctrl-C go to the guest
got = s.read_until(b"AB", 5.0)
ok = ok and b"AB" in got
print("  tty: got", got)
s.write(b"\x01x")                     # Ctrl-A x
status = s.wait_exit(5.0)
if status is None:
    print("  tty: pagoda did not quit on Ctrl-A x")
    sys.exit(1)
after = s.settings()
ok = ok and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
print("  tty: status", status, "attrs equal", s.before == after)
ok = ok and s.before == after
print("  tty: raw input, Ctrl-A x, settings restored:", "ok" if ok else "FAILED")
sys.exit(0 if ok else 1)
