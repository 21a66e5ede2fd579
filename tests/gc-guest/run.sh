#!/bin/sh
# The collectors inside Pagoda's own guest: prctl(PR_SET_VMA_ANON_NAME) as Linux defines
# it, the generational spaces in /proc/self/maps (8:1:1), the randomized model test
# under every collector, GC_TRACE=1 and GC_STATS=1 with pauses in instructions, the
# workloads through /bin/gcbench (generational's median pause on binary-trees far under
# mark-sweep's and copying's), and a bad GC_POLICY.
# Usage: run.sh PAGODA OUT_DIR INITRD
P=$1; T=$2; INITRD=$3
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
has() { grep -Eq -- "$1" "$T/session.log" && ok || bad "$2"; }
printf '%s\n' \
    'gc_guest prctl' \
    'gc_guest maps' \
    'gc_guest random 50000' \
    'GC_STATS=1 GC_TRACE=1 GC_POLICY=generational gcbench binary-trees 13' \
    'GC_POLICY=marksweep gcbench binary-trees 13' \
    'GC_POLICY=copying gcbench binary-trees 13' \
    'GC_POLICY=copying GC_HEAP=256K gcbench replay /etc/gc/small.trace' \
    'GC_POLICY=refcount gcbench churn 100000 5000' \
    'GC_POLICY=markcompact GC_HEAP=256K gcbench --maps churn 100000 5000' \
    'GC_POLICY=bogus gcbench binary-trees 6; echo "status $?"' \
    'gc_guest wild; echo "wild $?"' \
    'poweroff' |
    timeout 300 "$P" --clock icount -nographic -kernel roms/kernel.elf -initrd "$INITRD" \
    >"$T/session.log" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "session exit status $st"
has '^\$? ?prctl: ok' "prctl(PR_SET_VMA_ANON_NAME, PR_SET_NAME) behave as on Linux"
has 'maps: gc eden 3280 KiB' "Eden is 8/10 of the 4 MiB young generation"
has 'maps: gc survivor 0 408 KiB' "survivor 0 is 1/10"
has 'maps: gc survivor 1 408 KiB' "survivor 1 is 1/10"
has 'maps: gc old [1-9]' "the old generation is a named VMA"
has 'maps: gc card table [1-9]' "the card table is a named VMA"
has 'maps: gc large [1-9]' "a large object is a named VMA"
for v in refcount "refcount\\+cycles" marksweep markcompact copying "generational card" \
         "generational remset" "generational mprotect" "generational compact"; do
    has "gc $v: 50000 ops, 8 checks, [0-9]+ leaked: ok" "randomized model test under $v"
done
has 'gc refcount: 50000 ops, 8 checks, [1-9][0-9]* leaked: ok' "plain refcount leaks (the model predicts which)"
has 'gc: #1 minor [0-9]+ instructions; eden [^,]+, survivor 0 [^,]+, survivor 1 [^,]+, old [^,]+, large' \
    "GC_TRACE=1 prints a minor collection with its pause in instructions and the spaces"
has 'gc: policy generational \(Eden 3280.0K \+ 2 x 408.0K survivors, tenure age 3, old mark-sweep, card table barrier, 512-byte cards\)' \
    "GC_STATS=1 describes the generational configuration"
has 'gc: pauses \(instructions\): count [1-9][0-9]*, total [0-9]+, max [1-9][0-9]*, p50 [0-9]+, p90 [0-9]+, p99 [0-9]+' \
    "GC_STATS=1 prints pause percentiles in instructions"
has 'gcbench: generational binary-trees: ok; [0-9]+ instructions; [1-9][0-9]* collections \([1-9][0-9]* minor\)' "binary-trees in the guest"
has 'gcbench: copying replay: ok; [1-9]' "the trace replay in the guest"
# The textbook's shape, in instructions (deterministic under --clock icount): on
# binary-trees the typical generational pause, a minor collection of a young tree that
# never looks at the long-lived one, is far shorter than a whole-heap collection's.
p50() { sed -n "s/^gcbench: $1 binary-trees: ok; .* p50 \([0-9]*\) .*/\1/p" "$T/session.log" | head -n 1; }
g=$(p50 generational); m=$(p50 marksweep); c=$(p50 copying)
[ -n "$g" ] && [ -n "$m" ] && [ -n "$c" ] && [ $((g * 4)) -lt "$m" ] && [ $((g * 4)) -lt "$c" ] &&
    ok || bad "binary-trees: generational's median pause ($g) is not under a quarter of mark-sweep's ($m) and copying's ($c)"
has 'gcbench: refcount churn: ok; [1-9]' "the churn under reference counting"
has 'gcbench: markcompact churn: ok; [1-9]' "the churn under mark-compact"
has '\[anon:gc heap\]' "gcbench --maps shows the mark-compact heap"
has '^(\$ )?gc: GC_POLICY=bogus: expected refcount, marksweep, markcompact, copying or generational' \
    "a bad GC_POLICY is one line"
has '^status 2' "... and exit status 2"
has '^wild 139' "a wild store under the mprotect barrier still dies of SIGSEGV"
echo "gc (guest): $pass passed, $fail failed"
[ "$fail" = 0 ] || { echo "--- session:"; tail -40 "$T/session.log"; }
[ "$fail" = 0 ]
