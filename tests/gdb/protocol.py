#!/usr/bin/env python3
"""The gdb stub packet by packet: stop replies (swbreak, hwbreak, watch, rwatch,
awatch, T02 after Ctrl-C, W on power-off), the target description, registers and
CSRs, memory through the translation, acks and retransmission, no-ack mode.
Usage: protocol.py PAGODA ELF_DIR NM"""
import os
import select
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rsp import Client, Pagoda, frame, free_port, hex64, le64  # noqa: E402

PAGODA, ELFS, NM = sys.argv[1], sys.argv[2], sys.argv[3]
PROG, SPIN = os.path.join(ELFS, "prog.elf"), os.path.join(ELFS, "spin.elf")
RAM_END = 0x80000000 + (128 << 20)
REG_PC, REG_CSR0 = 0x20, 65
REG_PRIV = REG_CSR0 + 4096
failures = []


def symbols(elf):
    out = subprocess.run([NM, elf], stdout=subprocess.PIPE, check=True).stdout.decode()
    return {f[2]: int(f[0], 16) for f in (l.split() for l in out.splitlines()) if len(f) == 3}


def check(name, got, want):
    if got != want:
        failures.append("%s: got %r, expected %r" % (name, got, want))


def pc(c):
    return le64(c.cmd("p%x" % REG_PC))


def session(elf, wait=True):
    pg = Pagoda(PAGODA, elf, wait=wait)
    return pg, Client(pg.port)


def test_stop_replies_for_each_kind_of_point():
    sym = symbols(PROG)
    f, counter = sym["add_to_counter"], sym["counter"]
    pg, c = session(PROG)
    try:
        check("? at reset", c.cmd("?"), "T05thread:01;")
        check("pc at reset", pc(c), 0x1000)
        check("Z0", c.cmd("Z0,%x,2" % f), "OK")
        check("c to a Z0", c.cmd("c"), "T05thread:01;swbreak:;")
        check("pc at the breakpoint", pc(c), f)
        check("a0 at the breakpoint", le64(c.cmd("pa")), 1)
        check("z0", c.cmd("z0,%x,2" % f), "OK")
        check("Z1", c.cmd("Z1,%x,2" % f), "OK")
        check("c to a Z1 (resuming at it executes it)", c.cmd("c"), "T05thread:01;hwbreak:;")
        check("a0 at the second call", le64(c.cmd("pa")), 2)
        check("z1", c.cmd("z1,%x,2" % f), "OK")
        check("Z2", c.cmd("Z2,%x,8" % counter), "OK")
        check("c to a Z2 (write)", c.cmd("c"), "T05watch:%x;thread:01;" % counter)
        check("counter after the write", le64(c.cmd("m%x,8" % counter)), 3)
        check("z2", c.cmd("z2,%x,8" % counter), "OK")
        check("Z3", c.cmd("Z3,%x,8" % counter), "OK")
        check("c to a Z3 (read)", c.cmd("c"), "T05rwatch:%x;thread:01;" % counter)
        check("z3", c.cmd("z3,%x,8" % counter), "OK")
        check("Z4", c.cmd("Z4,%x,8" % counter), "OK")
        r = c.cmd("c")
        check("c to a Z4 (access)", r, "T05awatch:%x;thread:01;" % counter)
        check("z4", c.cmd("z4,%x,8" % counter), "OK")
        before = pc(c)
        check("s", c.cmd("s"), "T05thread:01;")
        check("s moves pc", pc(c) != before, True)
        check("vCont?", c.cmd("vCont?"), "vCont;c;C;s;S;t")
        before = pc(c)
        check("vCont;s:1", c.cmd("vCont;s:1"), "T05thread:01;")
        check("vCont;s moves pc", pc(c) != before, True)
        check("vCont;c to power-off", c.cmd("vCont;c"), "W00")
        check("exit status", pg.wait(10), 0)
    finally:
        c.close()
        pg.kill()


def test_power_off_status_reaches_gdb():
    """A wrong counter makes main return 1: W01, and the emulator exits 1."""
    counter = symbols(PROG)["counter"]
    pg, c = session(PROG)
    try:
        check("M counter", c.cmd("M%x,8:%s" % (counter, hex64(100))), "OK")
        check("c", c.cmd("c"), "W01")
        check("exit status", pg.wait(10), 1)
    finally:
        c.close()
        pg.kill()


def test_ctrl_c_stops_the_running_guest():
    spins = symbols(SPIN)["spins"]
    pg, c = session(SPIN, wait=False)       # connecting stops the guest
    try:
        check("? after attaching", c.cmd("?"), "T05thread:01;")
        first = le64(c.cmd("m%x,8" % spins))
        c.send("c")
        check("ack of c", c.read_ack(), "+")
        check("running: no reply", c.quiet_for(0.3), True)
        t0 = time.time()
        c.send_raw(b"\x03")
        check("stop reply after Ctrl-C", c.read_packet(timeout=2), "T02thread:01;")
        if time.time() - t0 > 0.5:
            failures.append("Ctrl-C took %.2fs to stop the guest" % (time.time() - t0))
        check("? after Ctrl-C", c.cmd("?"), "T02thread:01;")
        check("the guest ran", le64(c.cmd("m%x,8" % spins)) > first, True)
        c.send("k")
        check("exit status after k", pg.wait(10), 0)
    finally:
        c.close()
        pg.kill()


def test_ctrl_c_stops_a_guest_waiting_for_an_interrupt():
    """The host sleeps while the guest idles in WFI; Ctrl-C must still get through, in
    both clock modes, also during a step that waits for the interrupt."""
    for clock in ("icount", "host"):
        pg = Pagoda(PAGODA, os.path.join(ELFS, "wfi.elf"), wait=False, extra=["--clock", clock])
        c = Client(pg.port)
        try:
            check("? (%s)" % clock, c.cmd("?"), "T05thread:01;")
            for resume in ("c", "s"):
                c.send(resume)
                check("ack of %s" % resume, c.read_ack(), "+")
                check("%s waits (%s)" % (resume, clock), c.quiet_for(0.2), True)
                t0 = time.time()
                c.send_raw(b"\x03")
                check("Ctrl-C in WFI after %s (%s)" % (resume, clock),
                      c.read_packet(timeout=2), "T02thread:01;")
                if time.time() - t0 > 0.5:
                    failures.append("Ctrl-C in WFI took %.2fs (%s)" % (time.time() - t0, clock))
            c.send("k")
            check("exit status after k", pg.wait(10), 0)
        finally:
            c.close()
            pg.kill()


def test_registers_csrs_and_target_xml():
    pg, c = session(PROG)
    try:
        xml, off = "", 0
        while True:
            r = c.cmd("qXfer:features:read:target.xml:%x,200" % off)
            check("qXfer reply kind", r[:1] in ("m", "l"), True)
            xml += r[1:]
            off += len(r) - 1
            if r[:1] != "m" or off > 1 << 20:
                break
        for s in ["<architecture>riscv:rv64</architecture>",
                  'feature name="org.gnu.gdb.riscv.cpu"', 'feature name="org.gnu.gdb.riscv.csr"',
                  '<reg name="pc" bitsize="64" regnum="32"',
                  '<reg name="mstatus" bitsize="64" regnum="%d"' % (REG_CSR0 + 0x300),
                  '<reg name="satp" bitsize="64" regnum="%d"' % (REG_CSR0 + 0x180),
                  '<reg name="priv" bitsize="64" regnum="%d"' % REG_PRIV]:
            check("target.xml has %s" % s, s in xml, True)
        check("target.xml ends", xml.rstrip().endswith("</target>"), True)
        check("qXfer other annex", c.cmd("qXfer:features:read:other.xml:0,100"), "E00")
        check("qXfer past the end", c.cmd("qXfer:features:read:target.xml:%x,10" % (off + 50)), "l")
        g = c.cmd("g")
        check("g length", len(g), 33 * 16)
        check("g pc", le64(g[32 * 16:]), 0x1000)
        check("priv", le64(c.cmd("p%x" % REG_PRIV)), 3)
        check("mhartid", le64(c.cmd("p%x" % (REG_CSR0 + 0xf14))), 0)
        check("misa says RV64", le64(c.cmd("p%x" % (REG_CSR0 + 0x301))) >> 62, 2)
        check("P mscratch", c.cmd("P%x=%s" % (REG_CSR0 + 0x340, hex64(0x1234abcd))), "OK")
        check("p mscratch", le64(c.cmd("p%x" % (REG_CSR0 + 0x340))), 0x1234abcd)
        check("P a CSR that does not exist", c.cmd("P%x=%s" % (REG_CSR0 + 0x7ff, hex64(1))), "E01")
        check("p a CSR that does not exist", c.cmd("p%x" % (REG_CSR0 + 0x7ff)), "E01")
        check("p past priv", c.cmd("p%x" % (REG_PRIV + 1)), "E01")
        check("P t0", c.cmd("P5=%s" % hex64(0xfeedface)), "OK")
        check("p t0", le64(c.cmd("p5")), 0xfeedface)
        check("P x0 is ignored", c.cmd("P0=%s" % hex64(7)), "OK")
        check("p x0", le64(c.cmd("p0")), 0)
        regs = [le64(g[i * 16:(i + 1) * 16]) for i in range(33)]
        regs[10] = 0xa0a0
        check("G", c.cmd("G" + "".join(hex64(v) for v in regs)), "OK")
        check("a0 after G", le64(c.cmd("pa")), 0xa0a0)
        check("qC", c.cmd("qC"), "QC01")
        check("qfThreadInfo", c.cmd("qfThreadInfo"), "m01")
        check("qsThreadInfo", c.cmd("qsThreadInfo"), "l")
        check("qAttached", c.cmd("qAttached"), "1")
        check("Hg0", c.cmd("Hg0"), "OK")
        check("Hc-1", c.cmd("Hc-1"), "OK")
        check("Hg2", c.cmd("Hg2"), "E22")
        check("T1", c.cmd("T1"), "OK")
        check("T2", c.cmd("T2"), "E01")
        check("unknown packet", c.cmd("jUnknown"), "")
        check("vMustReplyEmpty", c.cmd("vMustReplyEmpty"), "")
        sup = c.cmd("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386")
        for s in ["PacketSize=4000", "qXfer:features:read+", "swbreak+", "hwbreak+",
                  "QStartNoAckMode+"]:
            check("qSupported has " + s, s in sup.split(";"), True)
        c.send("k")
        check("exit status after k", pg.wait(10), 0)
    finally:
        c.close()
        pg.kill()


def test_memory_through_the_translation():
    pg, c = session(PROG)
    try:
        check("m unmapped", c.cmd("m0,4"), "E14")
        check("m MMIO is not memory", c.cmd("m10000000,1"), "E14")
        check("m across the end of RAM", c.cmd("m%x,8" % (RAM_END - 4)).__len__(), 8)
        check("m reset ROM", len(c.cmd("m1000,4")), 8)
        a = RAM_END - 0x100
        check("M", c.cmd("M%x,4:deadbeef" % a), "OK")
        check("m after M", c.cmd("m%x,4" % a), "deadbeef")
        check("M across the end of RAM writes nothing",
              c.cmd("M%x,8:1122334455667788" % (RAM_END - 4)), "E14")
        check("m after the failed M", c.cmd("m%x,4" % (RAM_END - 4)) != "11223344", True)
        data = bytes([0x23, 0x24, 0x7d, 0x2a, 0x00, 0x03, 0xff, 0x41])
        esc = b"".join(b"}" + bytes([x ^ 0x20]) if x in b"#$}*" else bytes([x]) for x in data)
        c.send_raw(frame(b"X%x,%x:" % (a, len(data)) + esc))
        check("ack of X", c.read_ack(), "+")
        check("X", c.read_packet(), "OK")
        check("m after X", c.cmd("m%x,%x" % (a, len(data))), data.hex())
        check("X probe", c.cmd("X%x,0:" % a), "OK")
        # Sv39 for data: a gigapage VA 0 -> PA 0x80000000, and MPRV with MPP=S (and a
        # PMP entry over everything, which S-mode accesses need).
        check("P pmpaddr0", c.cmd("P%x=%s" % (REG_CSR0 + 0x3b0, hex64((1 << 54) - 1))), "OK")
        check("P pmpcfg0", c.cmd("P%x=%s" % (REG_CSR0 + 0x3a0, hex64(0x1f))), "OK")
        root = RAM_END - 0x3000
        pte = ((0x80000000 >> 12) << 10) | 0xcf             # V R W X A D
        check("M root PTE", c.cmd("M%x,8:%s" % (root, hex64(pte))), "OK")
        check("P satp", c.cmd("P%x=%s" % (REG_CSR0 + 0x180, hex64((8 << 60) | (root >> 12)))),
              "OK")
        check("P mstatus MPRV, MPP=S",
              c.cmd("P%x=%s" % (REG_CSR0 + 0x300, hex64((1 << 17) | (1 << 11)))), "OK")
        va = a - 0x80000000
        check("m through the gigapage", c.cmd("m%x,%x" % (va, len(data))), data.hex())
        check("M through the gigapage", c.cmd("M%x,2:abcd" % va), "OK")
        check("m of the PA is unmapped as a VA", c.cmd("m%x,2" % a), "E14")
        check("m unmapped VA", c.cmd("m40000000,4"), "E14")
        check("P mstatus back", c.cmd("P%x=%s" % (REG_CSR0 + 0x300, hex64(0))), "OK")
        check("m physical again", c.cmd("m%x,2" % a), "abcd")
        c.send("k")
        check("exit status after k", pg.wait(10), 0)
    finally:
        c.close()
        pg.kill()


def test_acks_retransmission_and_no_ack_mode():
    pg, c = session(PROG)
    try:
        c.send_raw(b"$qC#00")
        check("bad checksum is nacked", c.read_ack(), "-")
        check("next packet is served", c.cmd("qC"), "QC01")
        c.send_raw(b"-")
        check("'-' retransmits the last reply", c.read_packet(), "QC01")
        c.send_raw(b"$qC#zz")
        check("non-hex checksum is nacked", c.read_ack(), "-")
        c.start_no_ack()
        c.send_raw(b"$qC#00")
        check("no-ack mode: a bad packet gets nothing", c.quiet_for(0.2), True)
        c.send_raw(frame("qC"))
        check("no-ack mode: no '+'", c.read_packet(), "QC01")
        check("no acks were seen in no-ack mode", c.buf, b"")
        c.send("k")
        check("exit status after k", pg.wait(10), 0)
    finally:
        c.close()
        pg.kill()


def test_reconnect_keeps_the_guest_stopped():
    """A gdb that goes away without D leaves the guest stopped for the next one, its
    breakpoints gone."""
    f = symbols(PROG)["add_to_counter"]
    pg, c = session(PROG)
    try:
        check("Z0", c.cmd("Z0,%x,2" % f), "OK")
        c.close()
        time.sleep(0.2)
        c = Client(pg.port)
        check("still at reset", pc(c), 0x1000)
        check("c runs to the end: the breakpoint went with the client", c.cmd("c"), "W00")
        check("exit status", pg.wait(10), 0)
    finally:
        c.close()
        pg.kill()


def test_sigint_while_waiting_for_gdb():
    """-S with no gdb yet: SIGINT ends the emulator as it would a running guest."""
    pg = Pagoda(PAGODA, PROG, wait=True)
    try:
        time.sleep(0.1)
        pg.proc.send_signal(signal.SIGINT)
        check("exit status after SIGINT", pg.wait(10), 130)
        check("message", b"pagoda: interrupted" in pg.stderr, True)
    finally:
        pg.kill()


def test_sigterm_while_the_guest_runs_under_gdb():
    """SIGTERM ends a run that gdb continued as it ends one without gdb: 143 and
    'terminated by SIGTERM' (not SIGINT's 130 and 'interrupted')."""
    pg, c = session(SPIN, wait=False)
    try:
        check("? after attaching", c.cmd("?"), "T05thread:01;")
        c.send("c")
        check("ack of c", c.read_ack(), "+")
        check("running: no reply", c.quiet_for(0.3), True)
        pg.proc.send_signal(signal.SIGTERM)
        check("exit status after SIGTERM", pg.wait(10), 143)
        check("message", b"pagoda: terminated by SIGTERM" in pg.stderr, True)
    finally:
        c.close()
        pg.kill()


def test_waiting_for_gdb_names_the_port():
    """-S with a fixed port (as -s -S gives 1234): the port is printed before gdb comes."""
    port = free_port()
    pg = Pagoda(PAGODA, PROG, wait=True, port=port)
    try:
        deadline, err = time.time() + 5, b""
        want = b"pagoda: waiting for gdb on port %d (target remote :%d)\n" % (port, port)
        while want not in err and time.time() < deadline:
            r, _, _ = select.select([pg.proc.stderr], [], [], 0.1)
            if r:
                err += os.read(pg.proc.stderr.fileno(), 4096)
        check("the waiting line names the port", err, want)
        c = Client(port)
        check("then gdb attaches: a stop reply", c.cmd("?")[:1] in ("S", "T"), True)
        c.close()
    finally:
        pg.kill()


def main():
    tests = [test_stop_replies_for_each_kind_of_point, test_power_off_status_reaches_gdb,
             test_ctrl_c_stops_the_running_guest,
             test_ctrl_c_stops_a_guest_waiting_for_an_interrupt, test_registers_csrs_and_target_xml,
             test_memory_through_the_translation, test_acks_retransmission_and_no_ack_mode,
             test_reconnect_keeps_the_guest_stopped, test_sigint_while_waiting_for_gdb,
             test_sigterm_while_the_guest_runs_under_gdb, test_waiting_for_gdb_names_the_port]
    for t in tests:
        before = len(failures)
        try:
            t()
        except Exception as e:
            failures.append("%s: %s: %s" % (t.__name__, type(e).__name__, e))
        print("%s %s" % ("ok  " if len(failures) == before else "FAIL", t.__name__))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
