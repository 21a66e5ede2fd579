#!/bin/sh
# Installs (as root) or names (otherwise) the Debian packages Pagoda needs to build,
# run and test. Called by `make deps`, `make run` and `make test`.
set -e
PKGS="gcc make pkg-config gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
picolibc-riscv64-unknown-elf libsdl2-dev zlib1g-dev check libfdt-dev libelf-dev libedit-dev
cpio qemu-system-misc qemu-user gdb-multiarch device-tree-compiler opensbi libgc-dev
util-linux python3
linux-source-6.1 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross bc flex bison
clang libclang-rt-14-dev linux-perf xvfb xdotool"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends $missing >/dev/null
else
    echo "deps: missing packages; run as root:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
fi
