"""tty_checks.py — the guest shell at a terminal, as run.py's pty sessions drive it
(pagoda or QEMU on a pseudo-terminal, keys typed one write at a time): line editing
and history, the line discipline's echo of control keys, and job control with Ctrl-Z,
jobs, fg, bg and kill %N."""
import re
import time

UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"
HOME, END, DELETE = "\x1b[H", "\x1b[F", "\x1b[3~"
CTRL = {c: chr(ord(c) & 0x1f) for c in "ABCDEFKLRUWZ"}
PROMPT = re.compile(rb"(^|\n)\$ $")


def typed(res, g, keys, pattern, what, timeout=60):
    """Types keys (a command line ending in Enter, edited on the way); the output
    after the line (the echo with its redrawing aside) must match pattern."""
    from run import GuestError
    mark = len(g.out)
    try:
        g.send(keys)
        g.wait_for(lambda o: len(o) > mark and PROMPT.search(o, max(mark - 1, 0)), timeout)
    except GuestError as e:
        return res.check(False, f"{g.name}: {what}", str(e))
    text = g.out[mark:].decode(errors="replace").replace("\r", "")
    text = text[:-2] if text.endswith("$ ") else text
    out = text[text.find("\n") + 1:] if "\n" in text else ""
    return res.check(re.search(pattern, out, re.M) is not None, f"{g.name}: {what}",
                     f"  typed {keys!r}, wanted /{pattern}/, got:\n{out}")


def seen(g, mark, text, count=1):
    """Whether text appears count times in the output since mark, CRs aside (a host
    pty may turn the guest's CR LF into CR CR LF)."""
    return lambda o: o[mark:].replace(b"\r", b"").count(text) >= count


def started(g, cmd):
    """Types cmd and Enter and waits until it runs in the foreground."""
    mark = len(g.out)
    g.send(cmd + "\r")
    g.wait_for(lambda o: b"\r\n" in o[mark:], 30)
    time.sleep(1.0)


def line_editing(res, g):
    typed(res, g, "echo hello" + LEFT * 3 + "J\r", r"^heJllo$", "Left arrow, then insert")
    # Ctrl-A is the emulators' escape key: Ctrl-A Ctrl-A sends one (QEMU and Pagoda alike).
    typed(res, g, "world" + CTRL["A"] * 2 + "echo \r", r"^world$", "Ctrl-A, then insert at the start")
    typed(res, g, "echo abcdef" + LEFT * 3 + CTRL["K"] + "\r", r"^abc$", "Ctrl-K kills to the end")
    typed(res, g, "garbage" + CTRL["U"] + "echo clean\r", r"^clean$", "Ctrl-U kills the line")
    typed(res, g, "echo one two" + CTRL["W"] + "three\r", r"^one three$", "Ctrl-W kills a word")
    typed(res, g, "echo xy" + LEFT + "\x7f\r", r"^y$", "Backspace in the middle")
    typed(res, g, "Xecho del" + HOME + DELETE + "\r", r"^del$", "Home, Delete")
    typed(res, g, "echo ab" + HOME + END + "c\r", r"^abc$", "End")
    typed(res, g, "echo ab" + CTRL["B"] + CTRL["B"] + CTRL["F"] + "X" + CTRL["E"] + "Y\r", r"^aXbY$",
          "Ctrl-B, Ctrl-F, Ctrl-E")
    typed(res, g, "echo first\r", r"^first$", "a first line")
    typed(res, g, "echo second\r", r"^second$", "a second line")
    typed(res, g, UP + UP + "\r", r"^first$", "Up twice recalls the line before last")
    typed(res, g, UP + UP + UP + DOWN + "\r", r"^second$", "Up and Down walk the history")
    typed(res, g, "echo needle42\r", r"^needle42$", "a line to find")
    typed(res, g, "echo other\r", r"^other$", "another line")
    typed(res, g, CTRL["R"] + "needle\r", r"^needle42$", "Ctrl-R finds the line")
    typed(res, g, "history\r", r"^ +\d+  echo needle42\n +\d+  echo other\n +\d+  echo needle42\n +\d+  history$",
          "history lists the lines")
    typed(res, g, "echo never" + CTRL["C"], r"^$", "Ctrl-C drops the line")
    typed(res, g, "echo $?\r", r"^130$", "...with status 130")
    typed(res, g, "echo Z" + "x" * 150 + "Z\r", r"^Z" + "x" * 150 + "Z$", "a line longer than the terminal")


def control_echo(res, g):
    """The line discipline (canonical mode, `cat` reading): control keys echo as ^X."""
    from run import GuestError
    try:
        started(g, "cat")
        mark = len(g.out)
        g.send(UP + "x\r")
        g.wait_for(seen(g, mark, b"^[[Ax\n\x1b[Ax\n"), 30)
        res.check(True, f"{g.name}: an arrow key echoes as ^[[A (ECHOCTL)")
        mark = len(g.out)
        g.send("one two" + CTRL["W"] + "three\r")
        g.wait_for(seen(g, mark, b"\none three\n"), 30)
        res.check(True, f"{g.name}: Ctrl-W erases a word in canonical mode")
    except GuestError as e:
        res.check(False, f"{g.name}: control keys in canonical mode", str(e))
    typed(res, g, CTRL["D"], r"^$", "Ctrl-D ends cat")


def job_control(res, g):
    from run import GuestError
    try:
        started(g, "sleep 100")
        typed(res, g, CTRL["Z"], r"^\[1\]\+  Stopped                 sleep 100$", "Ctrl-Z stops the job")
        typed(res, g, "echo $?\r", r"^148$", "...status 148 (128 + SIGTSTP)")
        typed(res, g, "jobs\r", r"^\[1\]\+  Stopped                 sleep 100$", "jobs lists it stopped")
        typed(res, g, "ps\r", r"^ +\d+ +\d+ +T +\d+ +\d+ +sleep 100$", "ps shows it in state T")
        typed(res, g, "bg\r", r"^\[1\]\+ sleep 100 &$", "bg continues it in the background")
        typed(res, g, "jobs\r", r"^\[1\]\+  Running                 sleep 100 &$", "jobs lists it running")
        started(g, "fg")
        typed(res, g, CTRL["C"], r"", "fg brings it back; Ctrl-C")
        typed(res, g, "echo $?\r", r"^130$", "...interrupts it (130)")
        typed(res, g, "jobs\r", r"^$", "no jobs left")
        started(g, "cat")
        typed(res, g, CTRL["Z"], r"^\[1\]\+  Stopped                 cat$", "Ctrl-Z stops cat reading the terminal")
        started(g, "fg")
        mark = len(g.out)
        g.send("after fg\r")
        g.wait_for(seen(g, mark, b"after fg\n", 2), 30)
        res.check(True, f"{g.name}: cat's read goes on after fg")
        typed(res, g, CTRL["D"], r"^$", "Ctrl-D ends it")
        # cat stops when it first reads, before or after the shell prints its next
        # prompt: the report comes with whichever prompt follows the stop.
        mark = len(g.out)
        typed(res, g, "cat &\r", r"^\[1\] \d+$", "cat in the background")
        typed(res, g, "sleep 1\r", r"", "sleep 1")
        both = g.out[mark:].decode(errors="replace").replace("\r", "")
        res.check(re.search(r"^\[1\]\+  Stopped                 cat$", both, re.M) is not None,
                  f"{g.name}: ...stops on reading the terminal", f"  got:\n{both}")
        typed(res, g, "kill %1; sleep 1\r", r"^\[1\]\+  Terminated              cat$", "kill %1 ends the stopped job")
        started(g, "sleep 100")
        typed(res, g, CTRL["Z"], r"Stopped +sleep 100$", "another job stopped")
        typed(res, g, "sleep 200 &\r", r"^\[2\] \d+$", "and one in the background")
        typed(res, g, "jobs\r", r"^\[1\]\+  Stopped                 sleep 100\n\[2\]-  Running                 sleep 200 &$",
              "jobs: the stopped job is %+, the other %-")
        typed(res, g, "exit\r", r"^There are stopped jobs\.$", "exit warns of stopped jobs")
        typed(res, g, "kill -9 %1 %2; sleep 1\r", r"Killed +sleep 100\n(.|\n)*Killed +sleep 200",
              "kill -9 %1 %2")
    except GuestError as e:
        res.check(False, f"{g.name}: job control", str(e))


def run(res, g):
    line_editing(res, g)
    control_echo(res, g)
    job_control(res, g)
