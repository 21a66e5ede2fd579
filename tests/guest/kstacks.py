"""kstacks.py — what a hung Pagoda OS is doing, for the test watchdog: attaches
gdb-multiarch to pagoda's gdb stub (the guest stops; if it is in user mode, it runs
to the kernel's next trap, as kernel memory is only readable from S-mode), prints
where the hart is (a
backtrace through the kernel's frame pointers) and, for every task in the kernel's
task table, its pid, name, state, what it sleeps on and the kernel stack it was
switched out with (from its saved context: ra, and s0 as frame pointer; the kernel is
built with -fno-omit-frame-pointer, so the frame record is ra at fp-8, the caller's fp
at fp-16). Used by run.py when a command times out: a hang becomes a failure that
shows the kernel's stacks."""
import os
import subprocess
import tempfile

GDB_SCRIPT = r'''
set pagination off
set confirm off
set width 0
set tcp connect-timeout 10
target remote 127.0.0.1:%(port)d
python
# Kernel memory is readable only from S-mode (the stub translates as the hart would):
# if the hart is in user mode or the firmware, run to the kernel's next trap first.
if int(gdb.parse_and_eval("$priv")) != 1:
    gdb.execute("hbreak trap_handler")
    gdb.execute("continue")
    gdb.execute("delete")
end
python
import gdb

KERNEL_MIN = 0xffffffc000000000
STATES = {0: "new", 1: "runnable", 2: "running", 3: "sleeping", 4: "zombie"}

def sym(addr):
    s = gdb.execute("info symbol 0x%%x" %% addr, to_string=True).strip()
    return s.split(" in section")[0] if "No symbol" not in s else "?"

def field(v, name, default=0):
    """A task's field, or default when this kernel's struct task has no such member."""
    try:
        return int(v[name])
    except gdb.error:
        return default

def walk(pc, fp, depth=24):
    frames = ["0x%%x %%s" %% (pc, sym(pc))]
    inf = gdb.selected_inferior()
    for _ in range(depth):
        if fp < KERNEL_MIN or fp %% 8:
            break
        try:
            ra = int.from_bytes(bytes(inf.read_memory(fp - 8, 8)), "little")
            fp = int.from_bytes(bytes(inf.read_memory(fp - 16, 8)), "little")
        except gdb.MemoryError:
            break
        if ra < KERNEL_MIN:
            break
        frames.append("0x%%x %%s" %% (ra, sym(ra)))
    return frames

pc = int(gdb.parse_and_eval("$pc"))
print("hart: pc 0x%%x %%s, priv %%s" %% (pc, sym(pc), gdb.parse_and_eval("$priv")))
if pc >= KERNEL_MIN:
    for f in walk(pc, int(gdb.parse_and_eval("$s0")))[1:]:
        print("    " + f)
try:
    cur = gdb.parse_and_eval("(struct task *)$tp")     # current: tp holds it
    print("current: pid %%d (%%s)" %% (int(cur["pid"]), cur["comm"].string()))
    table = gdb.parse_and_eval("task_table")
    n = int(gdb.parse_and_eval("nr_task_slots"))
    for i in range(n):
        t = table[i]
        if int(t) == 0:
            continue
        st = int(t["state"])
        chan = field(t, "chan")
        held = field(t, "mutexes_held")
        on_cpu = field(t, "on_cpu")
        print("task %%d (%%s) %%s%%s%%s%%s" %% (int(t["pid"]), t["comm"].string(),
              STATES.get(st, str(st)), " on 0x%%x %%s" %% (chan, sym(chan)) if chan else "",
              " [mutexes held: %%d]" %% held if held else "",
              " [on hart %%d]" %% int(t["cpu"]["id"]) if on_cpu else ""))
        if st in (1, 3) and int(t) != int(cur) and not on_cpu:
            ctx = t["ctx"]
            for f in walk(int(ctx["ra"]), int(ctx["s"][0])):
                print("    " + f)
except gdb.error as e:
    print("kstacks: %%s" %% e)
end
detach
'''


def kernel_stacks(port, kernel_elf, timeout=60):
    """The report (text) for the guest behind pagoda's gdb stub on port."""
    with tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False) as f:
        f.write(GDB_SCRIPT % {"port": port})
        script = f.name
    try:
        r = subprocess.run(["gdb-multiarch", "-q", "-nx", "-batch", "-x", script, kernel_elf],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        return r.stdout.decode(errors="replace")
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"kstacks: gdb failed: {e}"
    finally:
        os.unlink(script)
