#!/bin/sh
# Runs each make target given, keeps going after failures, and ends with the line
# "N passed, N failed" that CI reads. With --bench, prints the outputs as a report.
mode=test
[ "$1" = "--bench" ] && { mode=bench; shift; }
pass=0; fail=0; failed=""
for t in "$@"; do
    start=$(date +%s)
    if make --no-print-directory -s "$t"; then
        pass=$((pass + 1)); r=ok
    else
        fail=$((fail + 1)); r=FAIL; failed="$failed $t"
    fi
    echo "== $t: $r ($(( $(date +%s) - start ))s)"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
