#!/usr/bin/env python3
"""gdb-multiarch against build/pagoda's gdb stub: breakpoints, registers, CSRs through
the target description, variables, stepping, watchpoints, memory errors, detach,
attaching to a running guest, kill; and the flags' bad-input errors.
Usage: gdb_session.py PAGODA ELF_DIR"""
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rsp import Pagoda, free_port  # noqa: E402

PAGODA, ELFS = sys.argv[1], sys.argv[2]
PROG, SPIN = os.path.join(ELFS, "prog.elf"), os.path.join(ELFS, "spin.elf")
failures = []


def gdb(port, elf, commands, timeout=30):
    """Runs gdb in batch mode on commands; returns its output (stdout + stderr)."""
    script = "\n".join(["set pagination off", "set confirm off", "set width 0",
                        "set tcp connect-timeout 10",
                        "target remote 127.0.0.1:%d" % port] + commands) + "\n"
    path = os.path.join(ELFS, "session-%d.gdb" % port)
    with open(path, "w") as f:
        f.write(script)
    r = subprocess.run(["gdb-multiarch", "-q", "-nx", "-batch", "-x", path, elf],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout)
    return r.stdout.decode(errors="replace")


def expect_in_order(name, out, patterns):
    """Each pattern must match, in order, after the previous one."""
    pos = 0
    for p in patterns:
        m = re.compile(p, re.M).search(out, pos)
        if not m:
            failures.append("%s: no match for %r after offset %d; gdb said:\n%s"
                            % (name, p, pos, out))
            return False
        pos = m.end()
    return True


def expect_exit(name, pg, status):
    st = pg.wait(10)
    if st != status:
        failures.append("%s: pagoda exit status %r, expected %d (stderr %r)"
                        % (name, st, status, pg.stderr))


# Catches gdb errors so the batch script goes on.
TRY_X0 = ["python",
          "try:",
          "    gdb.execute('x/2xw 0')",
          "except gdb.MemoryError as e:",
          "    print('memory error:', e)",
          "end"]


def test_break_registers_step_watch_detach():
    name = "break_registers_step_watch_detach"
    pg = Pagoda(PAGODA, PROG, wait=True, port=free_port())
    try:
        out = gdb(pg.port, PROG, [
            "info registers pc",
            "break add_to_counter",
            "continue",
            "info registers pc",
            "p $a0",
            "p counter",
            "stepi",
            "p $pc > (long)add_to_counter",
            "step",
            "delete",
            "watch counter",
            "continue",
            "p counter",
            "info registers mstatus",
            "info registers priv",
            "p $mhartid",
            "set $mscratch = 0x55aa",
            "p/x $mscratch",
            "set var counter = 1234",
            "p counter",
            "set var counter = 3",
            "p/x *(unsigned int *)0x1000",
            ] + TRY_X0 + [
            "delete",
            "detach",
        ])
    finally:
        st = pg.wait(15)
    ok = expect_in_order(name, out, [
        r"0x0+1000 in \?\? \(\)",                          # halted at reset (-S)
        r"^pc\s+0x1000\s",
        r"Breakpoint 1 at 0x8000",
        r"Breakpoint 1, add_to_counter \(n=1\) at .*prog\.c",
        r"^pc\s+0x8000[0-9a-f]+\s+0x8000[0-9a-f]+ <add_to_counter",
        r"^\$1 = 1$",
        r"^\$2 = 0$",
        r"^\$3 = 1$",                                        # stepi moved pc
        r"return counter;",                                  # step: the next line
        r"Hardware watchpoint 2: counter",
        r"Old value = 1\s+New value = 3",                    # second call adds 2
        r"^\$4 = 3$",
        r"^mstatus\s+0x[0-9a-f]+",                           # CSR via target XML
        r"^priv\s+0x3\s+prv:3 \[Machine\]",
        r"^\$5 = 0$",
        r"^\$6 = 0x55aa$",                                   # CSR write
        r"^\$7 = 1234$",                                     # memory write
        r"^\$8 = 0x[0-9a-f]+$",                              # reset ROM readable
        r"memory error: Cannot access memory at address 0x0",
        r"Detaching from program|\[Inferior 1 \(Remote target\) detached\]",
    ])
    if ok and st != 0:
        failures.append("%s: after detach the program should finish with status 0, got %r"
                        " (stderr %r)" % (name, st, pg.stderr))


def test_fp_registers_through_the_fpu_feature():
    """The fpu feature: f registers as raw 64-bit values with float and double views,
    fflags/frm/fcsr, and writes to an f register and fcsr."""
    name = "fp_registers_through_the_fpu_feature"
    elf = os.path.join(ELFS, "..", "isa", "fp_misc.elf")
    pg = Pagoda(PAGODA, elf, wait=True, port=free_port())
    try:
        out = gdb(pg.port, elf, [
            "break pass",
            "continue",
            "info registers fa5",
            "info registers ft0",
            "p $fa5.double",
            "set $fa6.double = 2.5",
            "info registers fa6",
            "set $fcsr = 0x41",
            "info registers fcsr",
            "info registers frm",
            "info registers fflags",
            "info registers float",
            "kill",
        ])
    finally:
        pg.wait(15)
    expect_in_order(name, out, [
        r"Breakpoint 1, 0x[0-9a-f]+ in pass",
        r"^fa5\s+\{float = .*double = 3\.51270056408850\d*e-303\}\s+\(raw 0x0123456789abcdef\)",
        r"^ft0\s+.*\(raw 0x0123456789abcdef\)",
        r"^\$1 = 3\.51270056408850\d*e-303$",
        r"^fa6\s+\{float = .*double = 2\.5\}\s+\(raw 0x4004000000000000\)",
        r"^fcsr\s+0x41\s",
        r"^frm\s+0x2\s",
        r"^fflags\s+0x1\s",
        r"^ft0\s",                                            # the float group
        r"^ft11\s",
    ])


def test_hbreak_rwatch_and_power_off():
    name = "hbreak_rwatch_and_power_off"
    pg = Pagoda(PAGODA, PROG, wait=True)                     # port 0, printed
    try:
        out = gdb(pg.port, PROG, [
            "hbreak add_to_counter",
            "continue",
            "delete",
            "rwatch counter",
            "continue",
            "delete",
            "continue",
        ])
    finally:
        st = pg.wait(15)
    expect_in_order(name, out, [
        r"Hardware assisted breakpoint 1 at 0x8000",
        r"Breakpoint 1, add_to_counter \(n=1\)",
        r"Hardware read watchpoint 2: counter",
        r"Hardware read watchpoint 2: counter\s+Value = 0",
        r"\[Inferior 1 \(.*\) exited normally\]",           # W00 on power-off
    ])
    if st != 0:
        failures.append("%s: pagoda exit status %r (stderr %r)" % (name, st, pg.stderr))


def test_attach_to_running_guest_detach_reconnect_kill():
    name = "attach_running_detach_reconnect_kill"
    pg = Pagoda(PAGODA, SPIN, wait=False)
    try:
        time.sleep(0.2)
        out1 = gdb(pg.port, SPIN, ["p spins", "detach"])
        m1 = re.search(r"^\$1 = (\d+)$", out1, re.M)
        if not expect_in_order(name + " (first)", out1, [r"^\$1 = \d+$", r"detached"]):
            return
        time.sleep(0.3)
        if not pg.alive():
            failures.append("%s: the guest stopped after detach" % name)
            return
        out2 = gdb(pg.port, SPIN, ["p spins", "kill"])
        m2 = re.search(r"^\$1 = (\d+)$", out2, re.M)
        if not m2:
            failures.append("%s (second): no value of spins; gdb said:\n%s" % (name, out2))
            return
        if int(m2.group(1)) <= int(m1.group(1)):
            failures.append("%s: spins did not advance after detach (%s then %s)"
                            % (name, m1.group(1), m2.group(1)))
        expect_exit(name, pg, 0)
    finally:
        pg.kill()


def test_flag_errors():
    """Bad -gdb/-S input: one line on stderr, status 2."""
    busy = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    cases = [
        ("S_without_gdb", ["-S", PROG]),
        ("gdb_not_tcp", ["-gdb", "udp::1234", PROG]),
        ("gdb_no_port", ["-gdb", "tcp:", PROG]),
        ("gdb_bad_port", ["-gdb", "tcp::99999", PROG]),
        ("gdb_port_text", ["-gdb", "tcp::http", PROG]),
        ("gdb_bad_host", ["-gdb", "tcp:no.such.host.invalid:1234", PROG]),
        ("gdb_port_in_use", ["-gdb", "tcp::%d" % port, PROG]),
        ("gdb_with_debugger", ["-gdb", "tcp::0", "-d", PROG]),
        ("gdb_missing_value", [PROG, "-gdb"]),
    ]
    for name, args in cases:
        r = subprocess.run([PAGODA] + args, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
        err = r.stderr.decode(errors="replace")
        if r.returncode != 2 or err.count("\n") != 1 or not err.startswith("pagoda: "):
            failures.append("flag_errors %s: status %d, stderr %r"
                            % (name, r.returncode, err))
    busy.close()


def main():
    tests = [test_flag_errors, test_break_registers_step_watch_detach,
             test_hbreak_rwatch_and_power_off,
             test_attach_to_running_guest_detach_reconnect_kill,
             test_fp_registers_through_the_fpu_feature]
    for t in tests:
        before = len(failures)
        try:
            t()
        except Exception as e:      # a hung or crashed stub shows up here
            failures.append("%s: %s: %s" % (t.__name__, type(e).__name__, e))
        print("%s %s" % ("ok  " if len(failures) == before else "FAIL", t.__name__))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
