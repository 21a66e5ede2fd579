#!/bin/sh
# Usage: run.sh PAGODA OUT_DIR NAME...  Runs each OUT_DIR/NAME under qemu-riscv64 and, in
# one guest session (the programs packed into an archive appended to the standard one),
# on Pagoda; compares output and exit status byte for byte. fpexec runs in the guest
# only. Also checks the lazy FP context through /proc/vmstat: integer programs take no
# first-use trap, one FP process takes exactly one.
P=$1; T=$2; shift 2
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
args=""; script=""
for n in "$@"; do
    args="$args glibc/$n=$T/$n"
    [ "$n" = fpexec ] && continue
    (cd "$T" && timeout 120 qemu-riscv64 "./$n" >"$n.qemu" 2>&1; echo "exit $?" >>"$n.qemu")
    script="$script""echo ==$n; /glibc/$n; echo exit \$?\n"
done
python3 tools/mkinitramfs.py "$T/extra.cpio" $args
cat roms/initramfs.cpio "$T/extra.cpio" > "$T/initrd.cpio"
fpu="grep pagoda_fpu_first_use /proc/vmstat"
printf "$script""echo ==fpexec; /glibc/fpexec; echo exit \$?\n$fpu\nls / >/dev/null\n$fpu\n""/glibc/nbody >/dev/null\n$fpu\npoweroff\n" |
    timeout 600 "$P" -nographic -kernel roms/kernel.elf -initrd "$T/initrd.cpio" >"$T/session.log" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "guest session exit status $st"
# The guest's output of program n: the lines after "==n" up to its "exit N" (the shell's
# prompts removed).
for n in "$@" ; do
    sed 's/\r$//; s/^\(\$ \)*//' "$T/session.log" |
        awk -v n="==$n" '$0 == n { on = 1; next } on { print } on && /^exit [0-9]+$/ { exit }' \
        >"$T/$n.guest"
    if [ "$n" = fpexec ]; then
        printf 'after exec: round nearest, flags 0, fa0 0x0p+0\nexit 0\n' >"$T/$n.qemu"
    fi
    if cmp -s "$T/$n.qemu" "$T/$n.guest"; then
        ok
    else
        bad "$n: the guest's output differs from qemu-riscv64's"
        diff "$T/$n.qemu" "$T/$n.guest" | head -10
    fi
done
counts=$(sed 's/\r$//; s/^\(\$ \)*//' "$T/session.log" | awk '/^pagoda_fpu_first_use [0-9]+$/ { print $2 }')
set -- $counts
if [ $# = 3 ] && [ "$1" = "$2" ] && [ "$3" = $(($2 + 1)) ]; then
    ok
else
    bad "first-use traps: before ls, after ls, after nbody: $counts (want n n n+1)"
fi
echo "glibc: $pass passed, $fail failed"
[ "$fail" = 0 ] || { echo "--- session:"; tail -20 "$T/session.log"; }
[ "$fail" = 0 ]
