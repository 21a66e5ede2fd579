#!/bin/sh
# Command-line and device behaviour of build/pagoda: bad input gets one line on stderr
# and exit status 2 (never a crash); console I/O through pipes; finisher exit codes and
# reboot; WFI sleeps the host. Usage: run.sh PAGODA BUILD_DIR
P=$1
B=$2
T=$B/cli
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_input_error NAME ARGS...: exit status 2, exactly one line on stderr naming
# the problem, nothing on stdout.
expect_input_error() {
    name=$1; shift
    "$P" "$@" >"$T/out" 2>"$T/err" </dev/null
    st=$?
    lines=$(wc -l <"$T/err")
    if [ "$st" != 2 ]; then bad "$name: exit status $st, expected 2 ($(cat "$T/err"))"
    elif [ "$lines" != 1 ]; then bad "$name: $lines lines on stderr, expected 1"
    elif ! grep -q '^pagoda: ' "$T/err"; then bad "$name: message not prefixed 'pagoda: '"
    elif [ -s "$T/out" ]; then bad "$name: unexpected output on stdout"
    else ok; fi
}

mkdir -p "$T"
printf 'not an elf\n' >"$T/text.bin"
head -c 100 "$T/echo.elf" >"$T/truncated_header.elf"
# Keep the headers but cut the file inside the first segment's data.
head -c 4200 "$T/echo.elf" >"$T/truncated_data.elf"

expect_input_error missing_file "$T/does-not-exist.elf"
expect_input_error not_elf "$T/text.bin"
expect_input_error host_elf /bin/true
expect_input_error elf32 "$T/rv32.elf"
expect_input_error truncated_header "$T/truncated_header.elf"
expect_input_error truncated_data "$T/truncated_data.elf"
expect_input_error outside_ram "$T/lowaddr.elf"
expect_input_error directory "$T"
expect_input_error bad_m_suffix -m 12X "$T/echo.elf"
expect_input_error bad_m_zero -m 0 "$T/echo.elf"
expect_input_error bad_m_huge -m 32G "$T/echo.elf"
expect_input_error bad_m_text -m lots "$T/echo.elf"
expect_input_error unknown_flag --frobnicate "$T/echo.elf"
expect_input_error missing_value "$T/echo.elf" -m
expect_input_error bad_clock --clock sundial "$T/echo.elf"
expect_input_error two_programs "$T/echo.elf" "$T/echo.elf"
expect_input_error missing_bios -bios "$T/nope.bin" -kernel "$T/echo.elf"
expect_input_error missing_kernel -bios none -kernel "$T/nope.elf"
expect_input_error bad_machine -M sifive_u "$T/echo.elf"
expect_input_error initrd_bios_none -bios none -initrd "$T/echo.elf"
expect_input_error append_bios_none -bios none -append quiet
expect_input_error append_program -append quiet "$T/echo.elf"

# --tlb/--shadow-tlb: what is wrong, in words a user can act on.
# expect_error_text NAME TEXT ARGS...: as expect_input_error, and the line holds TEXT.
expect_error_text() {
    name=$1; text=$2; shift 2
    expect_input_error "$name" "$@"
    grep -qF -- "$text" "$T/err" || bad "$name: '$(cat "$T/err")' does not say '$text'"
}
expect_error_text tlb_not_a_preset "neither a preset (u54, a53, a76, tiny)" \
    --tlb bogus "$T/echo.elf"
expect_error_text tlb_unknown_policy "unknown policy 'mru' (policies: lru, plru, fifo, random)" \
    --tlb itlb=8x8:mru "$T/echo.elf"
expect_error_text tlb_empty_item "an empty item" --tlb 'itlb=8x8,,dtlb=4x4' "$T/echo.elf"
expect_error_text shadow_tlb_empty_item "--shadow-tlb tiny;;: an empty item" \
    --shadow-tlb 'tiny;;' "$T/echo.elf"
expect_error_text shadow_tlb_leading_empty "an empty item" --shadow-tlb ';tiny' "$T/echo.elf"

# Outputs and scripts are checked before the guest runs (expect_input_error: nothing on
# stdout, so the program never started).
expect_input_error script_missing --script "$T/nope.script" "$T/echo.elf"
expect_input_error script_directory --script "$T" "$T/echo.elf"
expect_input_error stats_json_no_dir --stats-json "$T/no/such/dir/x.json" "$T/echo.elf"
expect_input_error panel_png_no_dir --panel-png "$T/no/such/dir/x.png" "$T/echo.elf"
[ ! -e "$T/no" ] && ok || bad "a checked output path was left behind"

# A Linux user program given as the bare program: the error says where it belongs.
expect_input_error user_program "$B/guest/rootfs/bin/true"
grep -q 'runs inside the guest: put it in the initramfs' "$T/err" && ok ||
    bad "user program hint: $(cat "$T/err")"

# A hart that only traps ends the run: one line naming pc, cause, tval, the trap
# vector and the privileges, exit status 3, statistics still written.
head -c 4096 /dev/zero >"$T/zero.bin"
python3 -c 'import random, sys; sys.stdout.buffer.write(random.Random(7).randbytes(4096))' >"$T/random.bin"
expect_trap_loop() {
    name=$1; shift
    timeout 30 "$P" --stats "$@" >"$T/out" 2>"$T/err" </dev/null
    st=$?
    n=$(grep -c '^pagoda: trap loop: pc 0x[0-9a-f]* ([MSU]-mode) raised [a-z/ ]* (cause [0-9]*, tval 0x[0-9a-f]*) [0-9]* times in a row with nothing retired; trap vector 0x[0-9a-f]* ([MSU]-mode)$' "$T/err")
    if [ "$st" = 3 ] && [ "$n" = 1 ] && grep -q '^== pagoda statistics ==' "$T/err"; then ok
    else bad "$name: status $st: $(head -2 "$T/err")"; fi
}
expect_trap_loop vector_at_a_hole -bios none -kernel "$T/zero.bin"
expect_trap_loop random_kernel -kernel "$T/random.bin"
expect_trap_loop entry_outside_ram "$T/noentry.elf"
expect_trap_loop kernel_needs_firmware -bios none -kernel "$B/../roms/kernel.elf"

# SIGTERM and SIGHUP end the run like SIGINT: statistics written, status 128 + signal.
# The signal is sent once the guest runs (its "spinning" line): before that it would end
# pagoda at once, without statistics (see term_while_waiting below).
for sig in TERM:143 HUP:129; do
    rm -f "$T/sig.json" "$T/sig.out"
    "$P" --stats --stats-json "$T/sig.json" "$T/dbgspin.elf" >"$T/sig.out" 2>"$T/sig.err" </dev/null &
    pid=$!
    n=0
    while [ $n -lt 600 ] && ! grep -q '^spinning' "$T/sig.out" 2>/dev/null; do
        sleep 0.1; n=$((n + 1))
    done
    kill -"${sig%:*}" $pid
    wait $pid
    st=$?
    if [ "$st" = "${sig#*:}" ] && grep -q "^pagoda: terminated by SIG${sig%:*}$" "$T/sig.err" &&
       grep -q '^== pagoda statistics ==' "$T/sig.err" &&
       python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/sig.json"; then ok
    else bad "SIG${sig%:*}: status $st, $(head -3 "$T/sig.err")"; fi
done

# While no guest code runs (the debugger's prompt reading a pipe, a --script FIFO
# without its writer, -S waiting for gdb) SIGTERM ends pagoda at once: the waiting
# calls would restart after a handler that only asks the run loop to stop.
# term_while_waiting NAME ARGS...: pagoda (under a KILL-only timeout) gets one SIGTERM
# once its handler is installed and must end by it.
term_while_waiting() {
    name=$1; shift
    sleep 30 2>/dev/null | timeout -s KILL 15 "$P" "$@" >/dev/null 2>&1 &
    tpid=$!
    pid=""; n=0
    while [ $n -lt 100 ]; do          # until pagoda catches SIGTERM (bit 14 of SigCgt)
        pid=$(pgrep -P "$tpid" pagoda)
        cg=$(awk '/^SigCgt/ {print $2}' "/proc/$pid/status" 2>/dev/null)
        [ -n "$pid" ] && [ -n "$cg" ] && [ $(( 0x$cg & 0x4000 )) -ne 0 ] && break
        sleep 0.1; n=$((n + 1))
    done
    kill -TERM "$pid" 2>/dev/null
    wait "$tpid"
    st=$?
    [ "$st" = 143 ] && ok || bad "$name: SIGTERM while waiting: status $st, expected 143"
}
rm -f "$T/wait.fifo"; mkfifo "$T/wait.fifo"
term_while_waiting term_at_prompt -d "$T/dbgspin.elf"
term_while_waiting term_opening_script_fifo --script "$T/wait.fifo" "$T/dbgspin.elf"
term_while_waiting term_waiting_for_gdb -S -gdb tcp::0 "$T/dbgspin.elf"
rm -f "$T/wait.fifo"

# -initrd or -append without -kernel boots the default kernel (no silent hang).
out=$(printf 'ls /sbin\npoweroff\n' |
      timeout 60 "$P" -nographic -initrd "$B/../roms/initramfs.cpio" -append quiet 2>&1)
if printf '%s\n' "$out" | tr -d '\r' | grep -Eq '(^|\$ )init$'; then ok
else bad "-initrd without -kernel: $(echo "$out" | tail -3)"; fi

# Console through pipes: input reaches the guest, output comes back.
out=$(printf 'hello.' | timeout 10 "$P" "$T/echo.elf")
st=$?
if [ "$st" = 0 ] && [ "$out" = "$(printf 'ready\nHELLO\nbye')" ]; then ok
else bad "echo through pipes: status $st, output '$out'"; fi

# Finisher: (code << 16) | 0x3333 exits with code.
timeout 10 "$P" "$T/exitcode.elf" >/dev/null
st=$?
[ "$st" = 42 ] && ok || bad "finisher fail code: status $st, expected 42"

# Finisher reboot: the machine resets and runs the program again.
out=$(timeout 10 "$P" "$T/reboot.elf")
st=$?
if [ "$st" = 0 ] && [ "$out" = "$(printf 'first boot\nsecond boot')" ]; then ok
else bad "finisher reboot: status $st, output '$out'"; fi

# -bios none -kernel: the kernel runs from 0x80000000 like a bare program.
out=$(printf 'x.' | timeout 10 "$P" -bios none -kernel "$T/echo.elf")
[ "$out" = "$(printf 'ready\nX\nbye')" ] && ok || bad "-bios none -kernel: output '$out'"

# WFI sleeps the host: 1.5 s of guest timer waits cost far less than a busy core, with
# one hart and with four (whose other three wait for an interrupt that never comes:
# every hart waits, so the host sleeps). The margin is wide (25%, start-up included)
# so a loaded machine cannot fail it; the idle figure itself, without start-up and
# beside QEMU's, is `make bench-idle`.
for harts in 1 4; do
python3 - "$P" "$T/wfi.elf" "$harts" <<'PY' && ok || bad "idle guest CPU use, -smp $harts"
import os, resource, subprocess, sys, time
t0 = time.monotonic()
r = subprocess.run([sys.argv[1], "--clock", "host", "-smp", sys.argv[3], sys.argv[2]],
                   capture_output=True, stdin=subprocess.DEVNULL, timeout=20)
wall = time.monotonic() - t0
u = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = u.ru_utime + u.ru_stime
ok = r.returncode == 0 and r.stdout == b"tick\ntick\ntick\n" and wall >= 1.4 and cpu / wall < 0.25
print(f"  idle, {sys.argv[3]} hart(s): wall {wall:.2f}s cpu {cpu:.3f}s ({100 * cpu / wall:.1f}%)")
sys.exit(0 if ok else 1)
PY
done

# icount: the same run prints the same output and takes no real time to wait.
out=$(timeout 10 "$P" --clock icount "$T/wfi.elf")
[ "$out" = "$(printf 'tick\ntick\ntick')" ] && ok || bad "icount wfi: output '$out'"

# Spike-format traces: the reset ROM's first instructions, byte for byte.
out=$("$P" --log-commits "$T/exitcode.elf" 2>&1 >/dev/null | head -4)
exp='core   0: 3 0x0000000000001000 (0x00000297) x5  0x0000000000001000
core   0: 3 0x0000000000001004 (0x02828613) x12 0x0000000000001028
core   0: 3 0x0000000000001008 (0xf1402573) x10 0x0000000000000000
core   0: 3 0x000000000000100c (0x0202b583) x11 0x0000000087e00000 mem 0x0000000000001020'
[ "$out" = "$exp" ] && ok || bad "--log-commits format: got
$out"
out=$("$P" --log-commits "$T/exitcode.elf" 2>&1 >/dev/null | grep -m1 ' mem 0x0000000010000000 ')
case "$out" in
    *"(0x00c70023) mem 0x0000000010000000 0x66") ok ;;
    *) bad "--log-commits store format: got '$out'" ;;
esac
out=$("$P" -l "$T/exitcode.elf" 2>&1 >/dev/null | head -1)
[ "$out" = "core   0: 0x0000000000001000 (0x00000297) auipc   t0, 0x0" ] && ok ||
    bad "-l format: got '$out'"
# --log FILE takes the trace; stdout keeps the console.
"$P" -l --log "$T/trace.log" "$T/exitcode.elf" >"$T/out" 2>&1
if [ "$(head -1 "$T/trace.log")" = "core   0: 0x0000000000001000 (0x00000297) auipc   t0, 0x0" ] &&
   [ "$(cat "$T/out")" = "failing with 42" ]; then ok; else bad "--log FILE"; fi

# Power-off takes effect at the retiring store (finisher, HTIF): the commit log ends
# with that store, -l with the same instruction, and the counts per mode add up to the
# total and match the commit log's — also for a program whose U-mode code takes
# instruction access faults (modes.elf).
for prog in "$T/exitcode.elf" "$T/modes.elf" "$B/isa/alu.elf"; do
    name=$(basename "$prog" .elf)
    "$P" --clock icount --stats --log-commits --log "$T/$name.commits" "$prog" \
        >/dev/null 2>"$T/$name.stats" </dev/null
    "$P" --clock icount -l --log "$T/$name.insns" "$prog" >/dev/null 2>&1 </dev/null
    msg=$(python3 - "$T/$name.stats" "$T/$name.commits" "$T/$name.insns" 2>&1 <<'PY'
import re, sys
stats, commits, insns = (open(f).read() for f in sys.argv[1:4])
m = re.search(r"^instructions (\d+) \(M (\d+), S (\d+), U (\d+)\)", stats, re.M)
if not m:
    sys.exit("no instruction count in --stats")
total, mm, ss, uu = map(int, m.groups())
lines = [l for l in commits.splitlines() if l.startswith("core")]
by = {p: sum(1 for l in lines if l.split()[2] == p) for p in "310"}
if mm + ss + uu != total:
    sys.exit(f"per-mode counts {mm}+{ss}+{uu} != {total}")
if (len(lines), by["3"], by["1"], by["0"]) != (total, mm, ss, uu):
    sys.exit(f"commit log has {len(lines)} (M {by['3']}, S {by['1']}, U {by['0']}); "
             f"--stats says {total} (M {mm}, S {ss}, U {uu})")
last = lines[-1]
if not re.search(r" mem 0x[0-9a-f]{16} 0x[0-9a-f]+$", last):
    sys.exit(f"the commit log does not end with a store: {last}")
pc = last.split()[3]
ilines = [l for l in insns.splitlines() if l.startswith("core")]
if ilines[-1].split()[2] != pc:
    sys.exit(f"-l ends at {ilines[-1]}, not at the store {pc}")
PY
    ) && ok || bad "exact power-off, $name: $msg"
done

# Image placement: the initrd never overlaps the device tree or the kernel. initrd.elf
# (as a kernel, -bios none) finds the initrd through the device tree and checksums it:
# at QEMU's place (kernel + RAM/2) when it fits, below the device tree when it does not,
# and the same range and checksum as on QEMU where QEMU accepts the images. When
# nothing fits: exit 2, one line naming the sizes.
python3 - "$P" "$T/initrd.elf" "$T" <<'PY' && ok || bad "initrd placement"
import os, random, re, shutil, subprocess, sys
P, elf, T = sys.argv[1:4]
def fnv(b):
    h = 2166136261
    for x in b:
        h = ((h ^ x) * 16777619) & 0xffffffff
    return h
def run(cmd):
    r = subprocess.run(cmd, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    m = re.search(rb"initrd 0x(\w+) 0x(\w+) dtb 0x(\w+) 0x(\w+) fnv 0x(\w+)", r.stdout)
    return r.returncode, [int(x, 16) for x in m.groups()] if m else None, r
fails = 0
for ram, size, where in ((32, 15 << 20, "below the device tree"), (24, 13 << 20, "below the device tree"),
                         (64, 1 << 20, "QEMU's place")):
    path = os.path.join(T, f"initrd{ram}.img")
    data = random.Random(ram).randbytes(size)
    open(path, "wb").write(data)
    st, v, r = run([P, "-bios", "none", "-m", f"{ram}M", "-kernel", elf, "-initrd", path])
    if st != 0 or not v:
        print(f"  -m {ram}M initrd {size}: status {st}, {r.stdout!r} {r.stderr!r}"); fails += 1; continue
    start, end, dtb, dtbsize, sum_ = v
    clear = end <= dtb and start >= 0x80000000 + os.path.getsize(elf) and end - start == size
    expect = 0x80000000 + min(ram << 19, 128 << 20)
    placed = start == expect if where == "QEMU's place" else start != expect
    if not clear or sum_ != fnv(data) or not placed:
        print(f"  -m {ram}M: initrd {start:#x}-{end:#x}, dtb {dtb:#x}+{dtbsize}, checksum "
              f"{sum_:#x} (file {fnv(data):#x}); expected {where}"); fails += 1
    if where == "QEMU's place" and shutil.which("qemu-system-riscv64"):
        st, q, r = run(["qemu-system-riscv64", "-M", "virt", "-m", f"{ram}M", "-nographic",
                        "-bios", "none", "-kernel", elf, "-initrd", path])
        if not q or q[0:2] != v[0:2] or q[4] != v[4]:
            print(f"  QEMU: {r.stdout!r}; pagoda: {v}"); fails += 1
path = os.path.join(T, "initrd28.img")
open(path, "wb").write(bytes(28 << 20))
r = subprocess.run([P, "-bios", "none", "-m", "16M", "-kernel", elf, "-initrd", path],
                   capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
err = r.stderr.decode()
if r.returncode != 2 or err.count("\n") != 1 or "initrd (28 MiB)" not in err or "16 MiB" not in err:
    print(f"  no room: status {r.returncode}, {err!r}"); fails += 1
sys.exit(1 if fails else 0)
PY

# Statistics are deterministic with --clock icount: two runs of a paging program
# (several ASIDs, sfences, L2) write identical JSON; and the JSON is well-formed.
V=$B/vm/tlb_counts.elf
"$P" --clock icount --tlb itlb=4x4,dtlb=4x4,l2=16x4 --shadow-tlb 'tiny;a53' \
    --stats-json "$T/s1.json" "$V" >/dev/null 2>&1
"$P" --clock icount --tlb itlb=4x4,dtlb=4x4,l2=16x4 --shadow-tlb 'tiny;a53' \
    --stats-json "$T/s2.json" "$V" >/dev/null 2>&1
if cmp -s "$T/s1.json" "$T/s2.json" && python3 - "$T/s1.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["schema"] == "pagoda-stats" and s["version"] == 2
d = s["tlb"]["dtlb"]["counts"]
assert d["accesses"] == d["hits"] + d["misses"] > 0
assert s["instructions"]["U"] + s["instructions"]["S"] > 0 and len(s["asids"]) > 1
assert len(s["shadow"]) == 2
PY
then ok; else bad "--stats-json deterministic and well-formed"; fi
"$P" --clock icount --stats "$V" 2>"$T/stats.txt" >/dev/null
grep -q '^== pagoda statistics ==' "$T/stats.txt" &&
    grep -q '^per ASID  itlb acc  itlb miss   /1000   dtlb acc  dtlb miss   /1000 .* process$' "$T/stats.txt" &&
    ok || bad "--stats table"
# The TLB tables: each column at least two spaces from the one before (a geometry as
# wide as "256x256 random" included), and misses per 1000 accesses beside the hit rate
# (a rate near 100% hides a few misses).
"$P" --clock icount --tlb itlb=32x32,dtlb=32x32,l2=256x256:random --shadow-tlb 'tiny;a76' \
    --stats "$V" 2>"$T/stats2.txt" >/dev/null
if python3 - "$T/stats2.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
tables = re.findall(r"^ {20,}itlb.*\n((?:  \S.*\n)+)", text, re.M)
assert len(tables) == 3, tables                  # the TLB and two shadow TLBs
for t in tables:
    rows = {l[2:20].strip(): l[20:] for l in t.splitlines()}
    geo = rows["geometry"]
    cells = re.split(r"\s{2,}", geo.strip())
    assert len(cells) in (2, 3) and all(re.fullmatch(r"\d+x\d+ \w+", c) for c in cells), geo
    acc, miss = ([int(x) for x in rows[k].split()] for k in ("accesses", "misses"))
    per = [float(x) for x in rows["misses /1000 acc"].split()]
    assert len(per) == len(acc) and all(abs(p - (1000 * m / a if a else 0)) < 0.006
                                        for p, m, a in zip(per, miss, acc)), (per, acc, miss)
    assert all(len(l) == len(geo) for l in rows.values() if l.strip()), t
assert "256x256 random" in text and "misses /1000 acc" in text
PY
then ok; else bad "--stats TLB tables: aligned columns, misses per 1000 accesses"; fi
# F/D operations by where they were computed: the ISA test clears fflags before each
# operation, so none qualifies for the host FPU; n-body's arithmetic almost all does.
"$P" --clock icount --stats --stats-json "$T/fp.json" "$B/isa/fp_d.elf" 2>"$T/stats.txt" >/dev/null
"$P" --clock icount --stats-json "$T/nbody.json" "$B/bench/quick/nbody.elf" >/dev/null 2>&1
if grep -Eq '^F/D operations [0-9]+ \(host FPU 0, soft-float [0-9]+\)$' "$T/stats.txt" &&
   python3 - "$T/fp.json" "$T/nbody.json" <<'PY'
import json, sys
isa, nbody = (json.load(open(f))["fp"] for f in sys.argv[1:3])
assert isa["host"] == 0 and isa["soft"] > 50, isa
assert nbody["host"] > 1000000 and nbody["soft"] < 1000, nbody
PY
then ok; else bad "--stats F/D operations (host FPU, soft-float)"; fi

# Terminal: raw mode, Ctrl-A x quits, the terminal settings are restored.
python3 "$(dirname "$0")/tty_test.py" "$P" "$T/echo.elf" && ok || bad "tty raw mode / Ctrl-A x"
# --clock icount on a terminal: waiting for input, time goes at the host's rate.
python3 "$(dirname "$0")/tty_icount.py" "$P" "$B/../roms" && ok ||
    bad "tty: icount time while waiting for input"
# Ctrl-A c without -d: the debugger's commands work (Enter on a terminal sends \r).
python3 "$(dirname "$0")/tty_debugger.py" "$P" "$T/echo.elf" && ok || bad "tty: debugger after Ctrl-A c"

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
