#!/bin/sh
# Runs ISA test ELFs under a runner command and reports the failures.
# Usage: run.sh "RUNNER ARGS" test.elf...   (the ELF is appended to the runner)
# A test passes when the runner exits 0; otherwise its exit status is the number of
# the failing test case (124 is timeout(1) giving up).
runner=$1; shift
pass=0; fail=0
for elf in "$@"; do
    $runner "$elf" </dev/null >/dev/null 2>&1
    rc=$?
    if [ "$rc" = 0 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        if [ "$rc" = 124 ]; then why="timeout"; else why="test case $rc"; fi
        echo "FAIL $(basename "$elf" .elf): exit $rc ($why)"
    fi
done
echo "isa: $pass passed, $fail failed"
[ "$fail" = 0 ]
