#!/bin/sh
# guest/README.md's one-step build: pagoda-cc compiles and links hello.c (the README's
# program) and counters.c (<pagoda.h>, whose csrr needs Zicsr) in one command; both run
# under qemu-riscv64 and, packed into an archive appended to the standard one, on Pagoda.
# Usage: pagoda_cc_test.sh PAGODA OUT_DIR
P=$1; T=$2; D=$(dirname "$0")/cc
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
rm -rf "$T"; mkdir -p "$T"
for prog in hello counters; do
    if guest/user/pagoda-cc -O2 -Wall -Werror -o "$T/$prog" "$D/$prog.c" 2>"$T/$prog.err"; then
        ok
    else
        bad "pagoda-cc -O2 -Wall -o $prog $prog.c:"; cat "$T/$prog.err"
    fi
done
out=$(qemu-riscv64 "$T/hello" a b 2>&1)
echo "$out" | grep -Eq '^hello from pid [0-9]+, 3 args$' && ok || bad "qemu-riscv64 hello: $out"
out=$(qemu-riscv64 "$T/counters" 2>&1)
[ "$out" = "counters: instret advances, cycle advances, time monotonic" ] && ok ||
    bad "qemu-riscv64 counters: $out"
python3 tools/mkinitramfs.py "$T/extra.cpio" bin/hello="$T/hello" bin/counters="$T/counters"
cat roms/initramfs.cpio "$T/extra.cpio" > "$T/my.cpio"
printf 'hello a b\ncounters\npoweroff\n' |
    timeout 60 "$P" -nographic -kernel roms/kernel.elf -initrd "$T/my.cpio" >"$T/session.log" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "session exit status $st"
grep -Eq 'hello from pid [0-9]+, 3 args' "$T/session.log" && ok || bad "hello in the guest"
grep -q 'counters: instret advances, cycle advances, time monotonic' "$T/session.log" && ok ||
    bad "counters in the guest"
echo "pagoda-cc: $pass passed, $fail failed"
[ "$fail" = 0 ] || { echo "--- session:"; tail -20 "$T/session.log"; }
[ "$fail" = 0 ]
