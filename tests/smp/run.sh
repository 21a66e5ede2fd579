#!/bin/sh
# Multi-hart tests. Usage: run.sh PAGODA OUT FIRMWARE NHARTS
#   - spinlock, lrsc, ipi: NHARTS harts run a bare-metal program at once; Pagoda and
#     QEMU print the same lines and pass; so does Pagoda with other quanta;
#   - rfence: a remote sfence.vma through SBI removes another hart's stale TLB entry,
#     with our firmware and with Debian's OpenSBI, on Pagoda and QEMU alike; Pagoda's
#     statistics count it as that hart's remote fence and shootdown;
#   - --clock icount runs of several harts are byte-identical (output, commit log,
#     statistics);
#   - Pagoda OS boots with -smp NHARTS on one hart; the others cost nothing;
#   - the device tree, CLINT and PLIC have NHARTS harts; -smp takes N and cpus=N.
P=$1; OUT=$2; FW=$3; N=$4
QEMU="qemu-system-riscv64 -M virt -nographic -monitor none -smp $N"
OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL smp: $*"; }

# run NAME COMMAND...: the output (CRs dropped) in OUT/NAME.out, the status in $st.
run() {
    name=$1; shift
    timeout 120 "$@" </dev/null >"$OUT/$name.raw" 2>&1
    st=$?
    tr -d '\r' <"$OUT/$name.raw" >"$OUT/$name.out"
    rm -f "$OUT/$name.raw"
}

# json FILE EXPR: prints the Python expression EXPR over the JSON in FILE (as s).
json() {
    python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print($2)" "$1"
}

# ---- the same program, the same output, on Pagoda and QEMU ----
# fencei-live writes code other harts are running, which QEMU does not always see
# (tests/smp/fencei.c): it runs on Pagoda only and must pass there.
for t in spinlock lrsc ipi fencei fencei-live; do
    run "$t-pagoda" "$P" -smp "$N" --clock icount --stats-json "$OUT/$t.json" "$OUT/$t.elf"
    pst=$st
    st=0
    [ "$t" = fencei-live ] || run "$t-qemu" $QEMU -bios none -kernel "$OUT/$t.elf"
    if [ "$pst" != 0 ] || [ "$st" != 0 ]; then
        bad "$t: exit status pagoda $pst, qemu $st"; sed 's/^/  | /' "$OUT/$t-pagoda.out" | tail -5
        [ "$st" = 0 ] || sed 's/^/  qemu| /' "$OUT/$t-qemu.out" | tail -5
    elif ! grep -q "^${t%-live}: PASS" "$OUT/$t-pagoda.out"; then
        bad "$t: no PASS line"; sed 's/^/  | /' "$OUT/$t-pagoda.out" | tail -5
    elif [ "$t" != fencei-live ] && ! cmp -s "$OUT/$t-pagoda.out" "$OUT/$t-qemu.out"; then
        bad "$t: pagoda and qemu differ"; diff "$OUT/$t-pagoda.out" "$OUT/$t-qemu.out" | head -8
    else ok; fi
    # Other quanta interleave the harts differently: the same output.
    for q in 1 7 1000; do
        run "$t-q$q" "$P" -smp "$N" --smp-quantum "$q" --clock icount "$OUT/$t.elf"
        if [ "$st" = 0 ] && cmp -s "$OUT/$t-q$q.out" "$OUT/$t-pagoda.out"; then ok
        else bad "$t with --smp-quantum $q: status $st"; tail -3 "$OUT/$t-q$q.out"; fi
    done
done

# Every hart ran the spinlock; the IPI test's hart 0 received one pong per ping.
json "$OUT/spinlock.json" \
    "all(h['instructions']['total'] > 100000 for h in s['per_hart']) and s['version'] == 2 and s['harts'] == $N" |
    grep -q True && ok || bad "spinlock: per-hart instruction counts"
pings=$((3 * 500))
json "$OUT/ipi.json" "s['per_hart'][0]['ipis_received'] == $pings and s['ipis_received'] == 2 * $pings" |
    grep -q True && ok || bad "ipi: IPIs received per hart"

# ---- a remote fence through SBI removes another hart's stale entry ----
for fw in ours opensbi; do
    bios=$FW
    [ "$fw" = opensbi ] && bios=$OPENSBI
    run "rfence-$fw-pagoda" "$P" -smp "$N" --clock icount --stats-json "$OUT/rfence-$fw.json" \
        -bios "$bios" -kernel "$OUT/rfence.elf"
    pst=$st
    run "rfence-$fw-qemu" $QEMU -bios "$bios" -kernel "$OUT/rfence.elf"
    grep '^rfence:' "$OUT/rfence-$fw-pagoda.out" >"$OUT/rfence-$fw-pagoda.lines"
    grep '^rfence:' "$OUT/rfence-$fw-qemu.out" >"$OUT/rfence-$fw-qemu.lines"
    if [ "$pst" != 0 ] || [ "$st" != 0 ]; then
        bad "rfence ($fw): exit status pagoda $pst, qemu $st"
        tail -5 "$OUT/rfence-$fw-pagoda.out" "$OUT/rfence-$fw-qemu.out"
    elif ! grep -q '^rfence: PASS' "$OUT/rfence-$fw-pagoda.lines"; then
        bad "rfence ($fw): no PASS"; sed 's/^/  | /' "$OUT/rfence-$fw-pagoda.lines"
    elif ! cmp -s "$OUT/rfence-$fw-pagoda.lines" "$OUT/rfence-$fw-qemu.lines"; then
        bad "rfence ($fw): pagoda and qemu differ"
        diff "$OUT/rfence-$fw-pagoda.lines" "$OUT/rfence-$fw-qemu.lines"
    else ok; fi
    # The reader (hart 1: Pagoda boots on hart 0) received the remote fence, and it
    # removed the stale entry; no other hart had one removed.
    json "$OUT/rfence-$fw.json" "[(h['remote_fences'] > 0, h['shootdowns']) for h in s['per_hart']]" \
        >"$OUT/rfence-$fw.shootdowns"
    want="[(False, 0), (True, 1)$(i=2; while [ $i -lt "$N" ]; do printf ', (False, 0)'; i=$((i + 1)); done)]"
    [ "$(cat "$OUT/rfence-$fw.shootdowns")" = "$want" ] && ok ||
        bad "rfence ($fw): remote fences and shootdowns per hart: $(cat "$OUT/rfence-$fw.shootdowns"), want $want"
done

# ---- --clock icount: the same run twice, byte for byte ----
for i in 1 2; do
    run "icount$i" "$P" -smp "$N" --clock icount --log-commits --log "$OUT/icount$i.log" \
        --stats-json "$OUT/icount$i.json" "$OUT/lrsc.elf"
done
if cmp -s "$OUT/icount1.out" "$OUT/icount2.out" && cmp -s "$OUT/icount1.log" "$OUT/icount2.log" &&
   cmp -s "$OUT/icount1.json" "$OUT/icount2.json" && [ -s "$OUT/icount1.log" ] &&
   grep -q "^core   $((N - 1)):" "$OUT/icount1.log"; then ok
else bad "--clock icount runs differ"; fi

# ---- Pagoda OS on several harts: it starts them all and runs on them ----
printf 'echo smp boot ok\npoweroff\n' |
    timeout 120 "$P" -smp "$N" -nographic --clock icount --stats-json "$OUT/guest.json" \
    >"$OUT/guest.raw" 2>&1
st=$?
tr -d '\r' <"$OUT/guest.raw" >"$OUT/guest.out"
if [ "$st" = 0 ] && grep -Eq '^(\$ )?smp boot ok$' "$OUT/guest.out" &&
   grep -q "Pagoda SBI v[0-9.]*: hart 0 of $N" "$OUT/guest.out" &&
   grep -q "^smp: $N harts online" "$OUT/guest.out"; then ok
else bad "Pagoda OS with -smp $N: status $st"; tail -5 "$OUT/guest.out"; fi
# A hart in WFI costs nothing: the kernel's idle harts wait there (a spinning idle loop
# would get its turns like hart 0 and retire about as many instructions).
json "$OUT/guest.json" \
    "s['per_hart'][0]['instructions']['total'] > 10**6 and all(h['instructions']['total'] * 5 < s['per_hart'][0]['instructions']['total'] for h in s['per_hart'][1:])" |
    grep -q True && ok || bad "idle harts executed instructions: $(json "$OUT/guest.json" "[h['instructions']['total'] for h in s['per_hart']]")"

# ---- the debugger: hart N selects, the prompt says which, info harts lists them ----
cat >"$OUT/dbg.script" <<'SCRIPT'
info harts
hart 2
step 3
regs
info harts
break hart_main
continue
hart 9
quit
SCRIPT
timeout 30 "$P" -smp "$N" --script "$OUT/dbg.script" "$OUT/spinlock.elf" </dev/null \
    >"$OUT/dbg.out" 2>&1
dexpect() {   # dexpect WHAT PATTERN: PATTERN (grep -E) occurs in the session
    grep -Eq "$2" "$OUT/dbg.out" && ok || bad "debugger: $1: no line matching /$2/"
}
dexpect "info harts lists every hart" "^  hart $((N - 1))  pc 0x0000000000001000  M-mode  running"
dexpect "the prompt names the hart" '^\(pagoda hart 2\) step 3$'
dexpect "steps run the selected hart: a0 = mhartid" 'a0   0000000000000002'
dexpect "only it moved" '^\* hart 2  pc 0x000000000000100c .*instret 3$'
dexpect "the others waited" '^  hart 1  pc 0x0000000000001000 .*instret 0$'
dexpect "a breakpoint names its hart and selects it" '^hart [0-9]: breakpoint at 0x[0-9a-f]+ <hart_main>$'
dexpect "no such hart" "^no hart 9 \(harts 0\.\.$((N - 1))\)$"

# ---- gdb: each hart is a thread ----
port=$((20000 + $$ % 20000))
timeout 60 "$P" -smp "$N" --clock icount -gdb "tcp::$port" -S "$OUT/spinlock.elf" </dev/null \
    >"$OUT/gdbrun.out" 2>&1 &
gpid=$!
sleep 1
timeout 60 gdb-multiarch -nx -q -batch -ex 'set confirm off' -ex "target remote :$port" \
    -ex 'info threads' -ex 'break spin_unlock' -ex 'continue' -ex 'thread 3' \
    -ex 'p $mhartid' -ex 'thread 1' -ex 'p $mhartid' -ex 'kill' "$OUT/spinlock.elf" \
    </dev/null >"$OUT/gdb.out" 2>&1
wait $gpid
gexpect() {
    grep -Eq "$2" "$OUT/gdb.out" && ok || bad "gdb: $1: no line matching /$2/"
}
gexpect "info threads lists the harts" "^  $N +Thread $N \(hart $((N - 1)), M-mode\)"
gexpect "a stop names the thread that hit" '^Thread [0-9] hit Breakpoint 1(\.[0-9])?, spin_unlock'
gexpect "thread N selects hart N-1" '^\[Switching to thread 3 \(Thread 3\)\]'
gexpect "each thread's CSRs are its hart's" '^\$1 = 2$'
gexpect "... and thread 1's those of hart 0" '^\$2 = 0$'

# ---- the platform: device tree, CLINT and PLIC contexts, the option ----
"$P" -smp "cpus=$N" --dump-dtb "$OUT/smp.dtb" "$OUT/ipi.elf" </dev/null
cpus=$(fdtget -l "$OUT/smp.dtb" /cpus | tr '\n' ' ')
want=$(i=0; while [ $i -lt "$N" ]; do printf 'cpu@%d ' $i; i=$((i + 1)); done)
[ "$cpus" = "$want" ] && ok || bad "device tree /cpus: '$cpus', want '$want'"
plic=$(fdtget -t x "$OUT/smp.dtb" /soc/plic@c000000 interrupts-extended | wc -w)
clint=$(fdtget -t x "$OUT/smp.dtb" /soc/clint@2000000 interrupts-extended | wc -w)
[ "$plic" = $((4 * N)) ] && [ "$clint" = $((4 * N)) ] && ok ||
    bad "PLIC/CLINT contexts: $plic/$clint cells, want $((4 * N))"
for arg in 0 9 cpus= two 4,sockets=2; do
    "$P" -smp "$arg" "$OUT/ipi.elf" </dev/null >"$OUT/arg.out" 2>"$OUT/arg.err"
    st=$?
    if [ "$st" = 2 ] && [ "$(wc -l <"$OUT/arg.err")" = 1 ] && [ ! -s "$OUT/arg.out" ]; then ok
    else bad "-smp $arg: status $st, stderr '$(cat "$OUT/arg.err")'"; fi
done

echo "smp: $pass passed, $fail failed"
[ "$fail" = 0 ]
