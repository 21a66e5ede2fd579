"""The debugger on Pagoda OS, per process: a stop line names the ASID in satp and the
process the guest kernel reported running under it (trace device); `break ADDR pid N`
and `translate VA pid N` take a pid the guest reported and stand for its ASID; an
unknown pid is refused. The debugger's commands come through a FIFO (--script), so
each can use what the last stop said; the guest's shell reads stdin.
Usage: debugger_pid.py PAGODA ROMS_DIR WORK_DIR"""
import os, re, select, subprocess, sys, time

pagoda, roms, work = sys.argv[1:4]
fifo = os.path.join(work, "dbg_pid.fifo")
if os.path.exists(fifo):
    os.remove(fifo)
os.mkfifo(fifo)
proc = subprocess.Popen([pagoda, "--clock", "icount", "-bios", f"{roms}/firmware.bin",
                         "-kernel", f"{roms}/kernel.elf", "-initrd", f"{roms}/initramfs.cpio",
                         "--script", fifo],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
proc.stdin.write(b"/bin/true\n")           # the guest shell runs true, which exits
proc.stdin.flush()
script = open(fifo, "w")
out = b""
ok = True


def check(cond, what):
    global ok
    print(f"  debugger pid: {what}: {'ok' if cond else 'FAILED'}")
    ok = ok and bool(cond)


marks = 0


def command(line, timeout=60):
    """Sends one debugger command; returns what it printed. A script line is echoed
    when it is read, so an unknown command after it marks where its output ends."""
    global out, marks
    marks += 1
    mark = f"mark{marks}"
    start = len(out)
    script.write(f"{line}\n{mark}\n")
    script.flush()
    end_token = f"unknown command '{mark}'".encode()
    end = time.monotonic() + timeout
    while end_token not in out[start:] and time.monotonic() < end and proc.poll() is None:
        r, _, _ = select.select([proc.stdout], [], [], 0.2)
        if r:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
    text = out[start:].decode(errors="replace")
    return text.split(f"(pagoda) {mark}")[0]


try:
    command("break do_exit")
    stop = None
    for _ in range(10):                    # the first exits may be other processes'
        text = command("continue")
        m = re.search(r"^breakpoint at 0x[0-9a-f]+ <do_exit> \(ASID (\d+): pid (\d+) (\S+)\)$",
                      text, re.M)
        if not m:
            print(text[-2000:])
            break
        if m.group(3) == "true":
            stop = m
            break
    check(stop, "the stop line names the ASID, pid and name (do_exit in true)")
    if stop:
        asid, pid = stop.group(1), stop.group(2)
        text = command("delete all")
        text = command(f"break 0x10000 pid {pid}")
        check(re.search(rf"^breakpoint at 0x10000.* \(ASID {asid}: pid {pid} true\)$", text, re.M),
              f"break ADDR pid {pid} stands for ASID {asid}")
        text = command("breakpoints")
        check(re.search(rf"^breakpoint 0x0+10000.* \(ASID {asid}: pid {pid} true\)$", text, re.M),
              "the breakpoint list shows the ASID and the process")
        text = command(f"translate 0x10000 fetch pid {pid}")
        check(re.search(rf"^0x10000 \(fetch as U, (the last )?satp 0x[0-9a-f]+: ASID {asid}, root PPN "
                        rf"0x[0-9a-f]+\) pid {pid} true$", text, re.M)
              and re.search(r"^  -> PA 0x[0-9a-f]+$", text, re.M),
              "translate VA pid N walks that process's page tables")
        text = command("break 0x10000 pid 99999")
        check("pid 99999: no such process reported by the guest kernel" in text,
              "an unknown pid is refused")
    command("quit")
finally:
    script.close()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    os.remove(fifo)
sys.exit(0 if ok else 1)
