#!/bin/sh
# Runs VM test ELFs under a runner command and reports the failures.
# Usage: run.sh "RUNNER ARGS" test.elf[|EXTRA FLAGS]...
# Each argument is an ELF, optionally followed by '|' and flags that go between the
# runner and the ELF (e.g. --svade). A test passes when the runner exits 0;
# otherwise its exit status is the number of the failing test case (124 is
# timeout(1) giving up).
runner=$1; shift
pass=0; fail=0
for arg in "$@"; do
    elf=${arg%%|*}
    flags=
    case $arg in *'|'*) flags=${arg#*|} ;; esac
    $runner $flags "$elf" </dev/null >/dev/null 2>&1
    rc=$?
    name=$(basename "$elf" .elf)
    if [ "$rc" = 0 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        if [ "$rc" = 124 ]; then why="timeout"; else why="test case $rc"; fi
        echo "FAIL $name${flags:+ ($flags)}: exit $rc ($why)"
    fi
done
echo "vm: $pass passed, $fail failed"
[ "$fail" = 0 ]
