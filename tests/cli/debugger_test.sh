#!/bin/sh
# The debugger, scripted: breakpoints on symbols, stepping, registers, memory, watch-
# points, translate, tlb, symbols, and SIGINT entering the debugger from a running
# guest. Usage: debugger_test.sh PAGODA BUILD_DIR
P=$1
T=$2/cli
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() {   # expect NAME PATTERN: PATTERN (grep -E) occurs in $T/dbg.out
    if grep -Eq "$2" "$T/dbg.out"; then ok; else bad "$1: no line matching /$2/"; fi
}

cat >"$T/dbg.script" <<'SCRIPT'
break bump
breakpoints
continue
regs
step
step 2
next
sym pc
mem counter 8
watch counter
continue
delete all
translate counter
tlb dtlb
csr mstatus
disas bump 2
until finish
stats
quit
SCRIPT
timeout 20 "$P" --script "$T/dbg.script" "$T/dbgprog.elf" >"$T/dbg.out" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "scripted session exit status $st"
expect "starts halted at reset" '^\[M\] 0x0000000000001000: 00000297 +auipc'
expect "break on a symbol" '^breakpoint at 0x[0-9a-f]+ <bump>$'
expect "stops at the breakpoint" '^\[M\] 0x[0-9a-f]+ <bump>: '
expect "regs shows a0 = 1 on the first call" '^zero 0+ +ra +[0-9a-f]+ +sp +[0-9a-f]+ +gp'
expect "first argument" 'a0   0000000000000001'
expect "sym pc" 'is bump\+0x'
expect "watchpoint hit" '^watchpoint: write of 0x[0-9a-f]+$'
expect "mem dump" '^0000000080[0-9a-f]+: ([0-9a-f]{2} ){8}'
expect "translate in M-mode" 'no translation \(M-mode, satp mode Bare\)'
expect "tlb listing" '^dtlb: 32 entries, 32 ways, lru; 0 valid$'
expect "csr by name" '^mstatus \(0x300\) = 0x'
expect "disassembly at a symbol" '^0x[0-9a-f]+ <bump>: '
expect "until a symbol" '<finish>'
expect "stats" '^== pagoda statistics =='

# Ctrl-C (SIGINT) stops a running guest and enters the debugger; the script goes on.
printf 'continue\nregs\nquit\n' >"$T/dbg2.script"
rm -f "$T/dbg.out"
timeout 60 "$P" --script "$T/dbg2.script" "$T/dbgspin.elf" >"$T/dbg.out" 2>&1 &
pid=$!
n=0
while [ $n -lt 500 ] && ! grep -q '^spinning' "$T/dbg.out" 2>/dev/null; do   # the guest runs
    sleep 0.1; n=$((n + 1))
done
kill -INT $pid
wait $pid
st=$?
[ "$st" = 0 ] && ok || bad "SIGINT session exit status $st"
expect "SIGINT stops the guest" '^stopped$'
expect "registers after the stop" '^pc   0000000080'

# f registers: fregs, and regs f, at the end of the F/D ISA test (fa5 and ft0 hold a
# pattern, fcsr is clear)
printf 'break pass\ncontinue\nfregs\nregs f\nquit\n' >"$T/dbg3.script"
timeout 20 "$P" --script "$T/dbg3.script" "$2/isa/fp_misc.elf" >"$T/dbg.out" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "fregs session exit status $st"
expect "fregs shows a register's bits and value" '^ft0  0123456789abcdef  3\.5127005640885037e-303 '
expect "fregs pairs registers per line" 'fa4  0000000000000000  0 +fa5  0123456789abcdef'
expect "fregs shows fcsr" '^fcsr 00  frm 0  fflags 00 \(\)$'
if [ "$(grep -c '^fa4 ' "$T/dbg.out")" = 2 ]; then ok; else bad "regs f: f registers after x"; fi

# step on an instruction that traps counts one and returns, also when the fetch
# itself faults (zeros at 0x80000000: illegal instruction, then mtvec 0 is a hole).
head -c 64 /dev/zero >"$T/zero64.bin"
printf 'step 6\nstep\nstep\nstep\nquit\n' >"$T/dbg4.script"
timeout 20 "$P" --script "$T/dbg4.script" -bios none -kernel "$T/zero64.bin" >"$T/dbg.out" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "stepping a trap loop: exit status $st"
[ "$(grep -c '^\[M\] 0x0000000000000000: ' "$T/dbg.out")" = 3 ] && ok ||
    bad "step through faults: $(tail -4 "$T/dbg.out")"

# stats reset: what is printed after counts from there (10 steps, all in M-mode)
printf 'step 5\nstats reset\nstep 10\nstats\nstats bogus\nquit\n' >"$T/dbg5.script"
timeout 20 "$P" --script "$T/dbg5.script" "$T/dbgprog.elf" >"$T/dbg.out" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "stats reset session exit status $st"
expect "stats reset" '^statistics count from here$'
expect "stats since the reset" '^== pagoda statistics == \(since stats reset\)$'
expect "stats count the 10 steps after the reset only" '^instructions 10 \(M 10, S 0, U 0\)$'
expect "stats with a bad word" '^usage: stats \[reset\]$'
# with two harts the reset covers each hart's row: 5 and 3 steps before it, 10 and 4 after
printf 'step 5\nhart 1\nstep 3\nhart 0\nstats reset\nstep 10\nhart 1\nstep 4\nstats\nquit\n' >"$T/dbg6.script"
timeout 20 "$P" -smp 2 --script "$T/dbg6.script" "$T/dbgprog.elf" >"$T/dbg.out" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "stats reset with -smp 2: exit status $st"
expect "stats reset, all harts" '^instructions 14 \(M 14, S 0, U 0\), all harts$'
expect "stats reset, hart 0's row" '^ +0 +10 +0 +0 +0 +0 +0 +0 +0 +0$'
expect "stats reset, hart 1's row" '^ +1 +4 +0 +0 +0 +0 +0 +0 +0 +0$'

# Per address space: tlb_counts runs U code at VA_CODE (0x64000) and loads from 0x10000
# in phases under ASIDs 1..7. A breakpoint or watchpoint with an ASID stops only there;
# stop lines name the ASID; translate pc is a fetch; translate VA asid N walks the tables
# of the satp last written with N.
V=$2/vm/tlb_counts.elf
va() {   # va LABEL: its U address (VA_CODE + offset in the code page)
    printf '0x%x' $(( 0x64000 + 0x$("$NM" "$V" | awk -v s="$1" '$3 == s { print $1 }') -
                      0x$("$NM" "$V" | awk '$3 == "tlbcode" { print $1 }') ))
}
NM=${3:-riscv64-unknown-elf-nm}
P1=$(va phase1); P2=$(va phase2)
cat >"$T/dbg7.script" <<SCRIPT
break $P1 asid 2
break $P2 asid 2
continue
csr satp
translate pc
translate 0x10000 asid 1
translate 0x10000 asid 3
delete all
rwatch 0x10000 8 asid 3
watch 0x10000 8 asid 65536
tbreak $P1 pid 3
continue
continue
continue
continue
SCRIPT
timeout 20 "$P" --clock icount --script "$T/dbg7.script" "$V" >"$T/dbg.out" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "ASID session exit status $st"
expect "break with an ASID" "^breakpoint at $P1 (<.*> )?\(ASID 2\)\$"
# phase 1 runs under ASID 1: the first stop is phase 2's
first_u=$(grep -m1 '^\[U\] ' "$T/dbg.out" | cut -d' ' -f2)
if [ "$(grep -c '^breakpoint at ' "$T/dbg.out")" = 3 ] &&
   [ "$(printf '0x%016x' "$P2")" = "$first_u" ]; then ok
else bad "breakpoint with an ASID: stops only under that ASID"; fi
expect "satp holds that ASID at the stop" '^satp \(0x180\) = 0x80002'
expect "translate pc is a fetch" "^$P2 \(fetch as U, satp 0x80002[0-9a-f]+: ASID 2, root PPN"
expect "translate VA asid N: the last satp of N" '^0x10000 \(load as U, the last satp 0x80001[0-9a-f]+: ASID 1, root PPN 0x[0-9a-f]+\)$'
expect "...and its walk" '^  -> PA 0x0000000080[0-9a-f]+$'
expect "an ASID never seen" '^ASID 3: satp never held it'
expect "bad ASID" "^expected 'asid N' \(0\.\.65535\) or 'pid N'"
expect "a pid the guest never reported" '^pid 3: no such process reported by the guest kernel'
# phase 3 loads 0x10000 three times; phases 1, 2 and 6 load it under other ASIDs
if [ "$(grep -c '^watchpoint: read of 0x10000 (ASID 3)$' "$T/dbg.out")" = 3 ] &&
   [ "$(grep -c '^watchpoint: ' "$T/dbg.out")" = 3 ] && grep -q 'powered off' "$T/dbg.out"
then ok; else bad "watchpoint with an ASID: stops only under that ASID"; fi
# without one, the first load of 0x10000 (ASID 1) stops
printf 'rwatch 0x10000\ncontinue\nquit\n' >"$T/dbg8.script"
timeout 20 "$P" --clock icount --script "$T/dbg8.script" "$V" >"$T/dbg.out" 2>&1
expect "a watchpoint for any ASID" '^watchpoint: read of 0x10000 \(ASID 1\)$'

echo "debugger: $pass passed, $fail failed"
[ "$fail" = 0 ]
