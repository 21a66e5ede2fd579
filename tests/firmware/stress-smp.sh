#!/bin/sh
# Runs the multi-hart firmware tests (run.sh smp: what test-firmware-smp runs) RUNS
# times in a row and stops at the first failure; with "heavy", beside two CPU-bound
# jobs (Pagoda running the dmatmul benchmark over and over, one per core of this
# machine), the load under which the multi-hart firmware used to hang on QEMU. By
# hand, not part of make test (it is about timing):
#   make stress-firmware-smp [STRESS_RUNS=20] [STRESS_HEAVY=heavy]
# The runs use copies of OUT, the emulator and the firmware, so make test (and a
# rebuild) can run at the same time.
# Usage: stress-smp.sh PAGODA OUT FIRMWARE HEAVY_ELF RUNS [heavy]
P=$1; OUT=$2; FW=$3; ELF=$4; RUNS=$5; HEAVY=$6
DIR=$(mktemp -d "${TMPDIR:-/tmp}/stress-smp.XXXXXX") || exit 1
cp "$OUT"/*.elf "$OUT"/*.bin "$DIR"/ && cp "$P" "$DIR/pagoda" && cp "$FW" "$DIR/fw.rom" || exit 1
P=$DIR/pagoda; FW=$DIR/fw.rom
pids=""
finish() {
    for pid in $pids; do kill "$pid" 2>/dev/null; done
    for pid in $pids; do wait "$pid" 2>/dev/null; done
    rm -rf "$DIR"
}
trap 'finish; exit 130' INT TERM
if [ "$HEAVY" = heavy ]; then
    for i in 1 2; do
        ( while :; do "$P" "$ELF" </dev/null >/dev/null 2>&1 || exit 1; done ) &
        pids="$pids $!"
    done
    echo "stress: beside two CPU-bound jobs"
fi
i=1; st=0
while [ "$i" -le "$RUNS" ]; do
    start=$(date +%s)
    if sh tests/firmware/run.sh smp "$P" "$DIR" "$FW" >"$DIR/run.out" 2>&1; then
        echo "stress: run $i/$RUNS ok: $(tail -1 "$DIR/run.out") ($(( $(date +%s) - start ))s, load $(cut -d' ' -f1 /proc/loadavg))"
    else
        echo "stress: run $i/$RUNS FAILED"; cat "$DIR/run.out"; st=1; break
    fi
    i=$((i + 1))
done
finish
[ "$st" = 0 ] && echo "stress: $RUNS runs in a row passed${HEAVY:+ ($HEAVY)}"
exit $st
