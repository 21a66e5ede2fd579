#!/bin/sh
# Platform tests of build/pagoda from the outside: the bare-metal virtio-blk driver
# (blk.elf) on pagoda with -drive, -device (also bus=), several disks and --swap, each
# time checking from the host that the image holds exactly the sectors the program
# wrote and nothing else changed; the same program on QEMU virt as an outside check of
# the program; disk option errors (one line, exit status 2); the generated device tree
# (--dump-dtb, decompiled by dtc). Usage: run.sh PAGODA BUILD_DIR
P=$1
T=$2
D=$(dirname "$0")
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
mkdir -p "$T"

# mkimage FILE SECTORS: seeded random contents (also kept as FILE.orig).
mkimage() {
    python3 - "$1" "$2" <<'EOF'
import random, sys
random.seed(sys.argv[1].rsplit("/", 1)[-1])
data = random.randbytes(int(sys.argv[2]) * 512)
open(sys.argv[1], "wb").write(data)
open(sys.argv[1] + ".orig", "wb").write(data)
EOF
}

# checkimage NAME FILE [ORIG]: FILE is ORIG (default FILE.orig; "zero" for an image
# that started empty, "swap" for one --swap made: zeros and mkswap's header, whose
# UUID is random) with exactly the sectors blk.c writes replaced by its pattern.
checkimage() {
    msg=$(python3 - "$2" "${3:-$2.orig}" <<'EOF'
import os, sys
img = open(sys.argv[1], "rb").read()
if sys.argv[2] in ("zero", "swap"):
    orig = bytearray(len(img))
    if sys.argv[2] == "swap":       # version 1, last page, the UUID, the signature
        orig[1024:1032] = (1).to_bytes(4, "little") + (len(img) // 4096 - 1).to_bytes(4, "little")
        orig[1036:1052] = img[1036:1052]
        orig[4086:4096] = b"SWAPSPACE2"
    orig = bytes(orig)
else:
    orig = open(sys.argv[2], "rb").read()
if len(img) != len(orig):
    sys.exit(f"size {len(img)}, expected {len(orig)}")
cap = len(img) // 512
def pattern(s, i):
    return (s * 131 + i * 7 + (i >> 8) * 13 + 0x5a) & 0xff
written = {0, cap - 1} | set(range(5, 9)) | set(range(17, 25)) | {40, 41, 60, 61}
want = bytearray(orig)
for s in written:
    want[s * 512:(s + 1) * 512] = bytes(pattern(s, i) for i in range(512))
if img != bytes(want):
    bad = [s for s in range(cap) if img[s*512:(s+1)*512] != want[s*512:(s+1)*512]]
    sys.exit(f"sectors differ from the expectation: {bad[:10]}")
EOF
    )
    if [ $? = 0 ]; then ok; else bad "$1: $msg"; fi
}

# runblk NAME EXPECT_SLOT ARGS...: runs blk.elf on pagoda; status 0, PASS, that slot.
runblk() {
    name=$1; slot=$2; shift 2
    timeout 60 "$P" "$T/blk.elf" "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null
    st=$?
    if [ "$st" != 0 ]; then bad "$name: exit status $st: $(tail -3 "$T/$name.out") $(cat "$T/$name.err")"
    elif ! grep -q "blk: PASS" "$T/$name.out"; then bad "$name: no PASS line"
    elif ! grep -q "device in slot $slot," "$T/$name.out"; then bad "$name: device not in slot $slot: $(grep slot "$T/$name.out")"
    else ok; fi
}

# ---- the driver program on pagoda ----
mkimage "$T/a.img" 2048
runblk drive 0 -drive file="$T/a.img",format=raw,if=virtio
checkimage drive "$T/a.img"
grep -q "serial 'pagoda-vda'" "$T/drive.out" && ok || bad "drive: default serial"

mkimage "$T/b.img" 300
runblk device 0 -drive file="$T/b.img",format=raw,if=none,id=d0 -device virtio-blk-device,drive=d0,serial=S123
checkimage device "$T/b.img"
grep -q "serial 'S123'" "$T/device.out" && ok || bad "device: serial= not used"

mkimage "$T/c.img" 100
runblk bus5 5 -drive file="$T/c.img",if=none,id=x -device virtio-blk-device,drive=x,bus=virtio-mmio-bus.5
checkimage bus5 "$T/c.img"

# Two disks: the program uses the first (slot 0); the second is left alone. A
# -device with bus= takes its slot first, the others fill the free ones in order.
mkimage "$T/d1.img" 128
mkimage "$T/d2.img" 128
runblk twodisks 0 -drive file="$T/d1.img",format=raw -drive file="$T/d2.img",format=raw
checkimage twodisks-first "$T/d1.img"
cmp -s "$T/d2.img" "$T/d2.img.orig" && ok || bad "twodisks: the second disk changed"
cp "$T/d1.img.orig" "$T/d1.img"
runblk busfirst 0 -drive file="$T/d2.img" -drive file="$T/d1.img",if=none,id=x \
    -device virtio-blk-device,drive=x,bus=virtio-mmio-bus.0
checkimage busfirst "$T/d1.img"
cmp -s "$T/d2.img" "$T/d2.img.orig" && ok || bad "busfirst: the disk in slot 1 changed"

# --swap creates a sparse file of the given size, a swap area (tests/swap checks the
# header), and is a disk like the others.
rm -f "$T/swap.img"
runblk swap 0 --swap "$T/swap.img,size=1M"
checkimage swap "$T/swap.img" swap
rm -f "$T/swap64.img"
mkimage "$T/e.img" 128
runblk swapafter 0 -drive file="$T/e.img" --swap "$T/swap64.img"
size=$(stat -c %s "$T/swap64.img" 2>/dev/null)
blocks=$(stat -c %b "$T/swap64.img" 2>/dev/null)
if [ "$size" = 67108864 ] && [ "${blocks:-999999}" -lt 1024 ]; then ok
else bad "swap: default swap file size $size, $blocks blocks (want 64M, sparse)"; fi
checkimage swapafter "$T/e.img"

# A read-only drive: writes fail with IOERR, so the program reports a failure, and
# the image is untouched.
mkimage "$T/ro.img" 128
timeout 30 "$P" "$T/blk.elf" -drive file="$T/ro.img",readonly=on >"$T/ro.out" 2>&1 </dev/null
st=$?
if [ "$st" = 11 ] && cmp -s "$T/ro.img" "$T/ro.img.orig"; then ok
else bad "readonly: status $st (want 11: wrong request status), image changed?"; fi

# ---- the same program on QEMU ----
if command -v qemu-system-riscv64 >/dev/null 2>&1; then
    mkimage "$T/q.img" 2048
    timeout 60 qemu-system-riscv64 -M virt -bios none -nographic -kernel "$T/blk.elf" \
        -global virtio-mmio.force-legacy=false \
        -drive file="$T/q.img",format=raw,if=none,id=d0 -device virtio-blk-device,drive=d0 \
        >"$T/qemu.out" 2>&1 </dev/null
    st=$?
    if [ "$st" = 0 ] && grep -q "blk: PASS" "$T/qemu.out"; then ok
    else bad "qemu: exit status $st: $(tail -3 "$T/qemu.out")"; fi
    checkimage qemu "$T/q.img"
else
    echo "platform: qemu-system-riscv64 not found; skipping the QEMU run"
fi

# ---- disk option errors: one line on stderr, exit status 2, nothing run ----
expect_input_error() {
    name=$1; shift
    "$P" "$T/blk.elf" "$@" >"$T/out" 2>"$T/err" </dev/null
    st=$?
    lines=$(wc -l <"$T/err")
    if [ "$st" != 2 ]; then bad "$name: exit status $st, expected 2 ($(cat "$T/err"))"
    elif [ "$lines" != 1 ]; then bad "$name: $lines lines on stderr, expected 1"
    elif ! grep -q '^pagoda: ' "$T/err"; then bad "$name: message not prefixed 'pagoda: '"
    elif [ -s "$T/out" ]; then bad "$name: unexpected output on stdout"
    else ok; fi
}
mkimage "$T/f.img" 64
expect_input_error missing_image -drive file="$T/nope.img",format=raw,if=virtio
expect_input_error unknown_key -drive file="$T/f.img",cache=writeback
expect_input_error not_key_value -drive file="$T/f.img",snapshot
expect_input_error bad_format -drive file="$T/f.img",format=qcow2
expect_input_error bad_if -drive file="$T/f.img",if=ide
expect_input_error no_file -drive format=raw,if=virtio
expect_input_error bad_readonly -drive file="$T/f.img",readonly=maybe
expect_input_error directory_image -drive file="$T"
expect_input_error dup_id -drive file="$T/f.img",if=none,id=x -drive file="$T/a.img",if=none,id=x
expect_input_error bad_device -device virtio-net-device
expect_input_error device_no_drive -device virtio-blk-device
expect_input_error device_unknown_drive -device virtio-blk-device,drive=nope
expect_input_error device_unknown_key -drive file="$T/f.img",if=none,id=x -device virtio-blk-device,drive=x,num-queues=2
expect_input_error drive_used_twice -drive file="$T/f.img",id=x -device virtio-blk-device,drive=x
expect_input_error bad_bus -drive file="$T/f.img",if=none,id=x -device virtio-blk-device,drive=x,bus=virtio-mmio-bus.8
expect_input_error bus_taken -drive file="$T/f.img",if=none,id=y -drive file="$T/a.img",if=none,id=x \
    -device virtio-blk-device,drive=x,bus=virtio-mmio-bus.2 -device virtio-blk-device,drive=y,bus=virtio-mmio-bus.2
expect_input_error same_file_twice -drive file="$T/f.img" -drive file="$T/f.img"
set --
for n in 1 2 3 4 5 6 7 8 9; do set -- "$@" -drive file="$T/f.img"; done
expect_input_error nine_disks "$@"
expect_input_error swap_bad_size --swap "$T/s.img,size=12X"
expect_input_error swap_zero_size --swap "$T/s.img,size=0"
expect_input_error swap_odd_size --swap "$T/s.img,size=1000K1"
expect_input_error swap_unknown_key --swap "$T/s.img,mode=fast"
expect_input_error swap_no_dir --swap "$T/no/such/dir/s.img"
expect_input_error drive_missing_value -drive
[ ! -e "$T/s.img" ] && ok || bad "a failed --swap left $T/s.img behind"
# An image the user may not write: as root, a sysfs file refuses O_RDWR.
if [ "$(id -u)" != 0 ]; then
    cp "$T/f.img" "$T/ro2.img"; chmod 0444 "$T/ro2.img"
    expect_input_error unwritable_image -drive file="$T/ro2.img"
elif [ -r /sys/kernel/notes ]; then
    expect_input_error unwritable_image -drive file=/sys/kernel/notes
fi
expect_input_error dump_dtb_unwritable -bios none --dump-dtb "$T/no/such/dir/x.dtb"

# ---- the device tree ----
if command -v dtc >/dev/null 2>&1; then
    rm -f "$T/virt.dtb"
    "$P" -bios none -append "console=ttyS0 quiet" --dump-dtb "$T/virt.dtb" >"$T/dtb.out" 2>&1 </dev/null
    st=$?
    if [ "$st" = 0 ] && [ ! -s "$T/dtb.out" ] && [ -s "$T/virt.dtb" ]; then ok
    else bad "--dump-dtb: status $st, output '$(cat "$T/dtb.out")'"; fi
    if dtc -I dtb -O dts -o "$T/virt.dts" "$T/virt.dtb" 2>"$T/dtc.err"; then
        if python3 "$D/check_dts.py" "$T/virt.dts" "console=ttyS0 quiet"; then ok
        else bad "device tree contents"; fi
    else
        bad "dtc cannot decompile the DTB: $(cat "$T/dtc.err")"
    fi
    # the slots are described whether or not a disk is attached
    "$P" -bios none -drive file="$T/f.img" --dump-dtb "$T/virt2.dtb" </dev/null &&
        dtc -I dtb -O dts -o "$T/virt2.dts" "$T/virt2.dtb" 2>/dev/null &&
        python3 "$D/check_dts.py" "$T/virt2.dts" && ok || bad "device tree with a disk"
else
    echo "platform: dtc not found; skipping the device tree checks"
fi

echo "platform: $pass passed, $fail failed"
[ "$fail" = 0 ]
