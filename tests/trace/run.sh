#!/bin/sh
# Usage: run.sh PAGODA ELF_DIR NAME...  Runs each ELF_DIR/NAME.elf with --log-commits
# and compares the log from the first instruction at 0x80000000 (the reset ROM is
# Pagoda's own, see README "Traces") with tests/trace/NAME.expect, byte for byte.
P=$1 D=$2
shift 2
pass=0 fail=0
for n in "$@"; do
    timeout 20 "$P" --log-commits --log "$D/$n.log" "$D/$n.elf" >/dev/null 2>&1
    sed -n '/^core   0: [0-9] 0x0000000080000000 (/,$p' "$D/$n.log" > "$D/$n.got"
    if cmp -s "$D/$n.got" "tests/trace/$n.expect"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL trace $n: diff tests/trace/$n.expect $D/$n.got"
        diff "tests/trace/$n.expect" "$D/$n.got" | head -20
    fi
done
echo "trace: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
