#!/bin/sh
# guest/README.md's one-step build: pagoda-cc compiles and links hello.c (the README's
# program) and counters.c (<pagoda.h>, whose csrr needs Zicsr) in one command; both run
# under qemu-riscv64 and, packed into an archive appended to the standard one, on Pagoda.
# fp.c checks the default ABI: rv64gc with doubles in f registers (lp64d), and the
# integer-only one with --rv64imac; both print the same under qemu-riscv64 and Pagoda.
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
guest/user/pagoda-cc -O2 -Wall -Werror -o "$T/fp" "$D/fp.c" && ok || bad "pagoda-cc fp.c"
guest/user/pagoda-cc --rv64imac -O2 -Wall -Werror -o "$T/fp-imac" "$D/fp.c" && ok ||
    bad "pagoda-cc --rv64imac fp.c"
readelf -h "$T/fp" | grep -q 'Flags:.*double-float ABI' && ok || bad "fp: not lp64d"
readelf -h "$T/fp-imac" | grep -q 'Flags:.*soft-float ABI' && ok || bad "fp-imac: not lp64"
fp_want="fp: 0.6060915267313265 606091.526731"
for f in fp fp-imac; do
    out=$(qemu-riscv64 "$T/$f" 2>&1)
    [ "$out" = "$fp_want" ] && ok || bad "qemu-riscv64 $f: $out"
done
out=$(qemu-riscv64 "$T/hello" a b 2>&1)
echo "$out" | grep -Eq '^hello from pid [0-9]+, 3 args$' && ok || bad "qemu-riscv64 hello: $out"
out=$(qemu-riscv64 "$T/counters" 2>&1)
[ "$out" = "counters: instret advances, cycle advances, time monotonic" ] && ok ||
    bad "qemu-riscv64 counters: $out"
python3 tools/mkinitramfs.py "$T/extra.cpio" bin/hello="$T/hello" bin/counters="$T/counters" \
    bin/fp="$T/fp" bin/fp-imac="$T/fp-imac"
cat roms/initramfs.cpio "$T/extra.cpio" > "$T/my.cpio"
printf 'hello a b\ncounters\nfp\nfp-imac\npoweroff\n' |
    timeout 60 "$P" -nographic -kernel roms/kernel.elf -initrd "$T/my.cpio" >"$T/session.log" 2>&1
st=$?
[ "$st" = 0 ] && ok || bad "session exit status $st"
grep -Eq 'hello from pid [0-9]+, 3 args' "$T/session.log" && ok || bad "hello in the guest"
grep -q 'counters: instret advances, cycle advances, time monotonic' "$T/session.log" && ok ||
    bad "counters in the guest"
[ "$(grep -cF "$fp_want" "$T/session.log")" = 2 ] && ok || bad "fp and fp-imac in the guest"
echo "pagoda-cc: $pass passed, $fail failed"
[ "$fail" = 0 ] || { echo "--- session:"; tail -20 "$T/session.log"; }
[ "$fail" = 0 ]
