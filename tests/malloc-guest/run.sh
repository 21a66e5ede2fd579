#!/bin/sh
# The allocator inside Pagoda's own guest: the randomized test under each fit policy,
# and MALLOC_STATS=1 / MALLOC_POLICY read from the environment at exit.
# Usage: run.sh PAGODA OUT_DIR INITRD
P=$1; T=$2; INITRD=$3
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
printf 'malloc_guest 100000\nMALLOC_STATS=1 MALLOC_POLICY=best malloc_guest stats\npoweroff\n' |
    timeout 120 "$P" --clock icount -nographic -kernel roms/kernel.elf -initrd "$INITRD" \
    >"$T/session.log" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "session exit status $st"
for p in first next best; do
    grep -Eq "malloc $p: 100000 ops, [0-9]+ checks: ok" "$T/session.log" && ok ||
        bad "randomized test under $p fit"
done
grep -q "malloc_stats: best fit" "$T/session.log" && ok || bad "MALLOC_POLICY=best at exit"
for field in "heap bytes" "in use bytes" "largest free block" "external frag" \
             "peak heap bytes" "peak live bytes" "mmap bytes"; do
    grep -q "$field" "$T/session.log" && ok || bad "MALLOC_STATS=1 prints '$field'"
done
echo "malloc (guest): $pass passed, $fail failed"
[ "$fail" = 0 ] || { echo "--- session:"; tail -30 "$T/session.log"; }
[ "$fail" = 0 ]
