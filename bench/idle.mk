# Idle cost: the booted guest shell waiting for input, on Pagoda and QEMU, measured from
# /proc/PID/stat after boot (bench/idle.py). `make bench-idle`; part of `make bench`.
# (`make test` keeps only a wide-margin check: tests/cli/run.sh, wfi.elf.)
bench-idle: $(PAGODA) roms/kernel.elf roms/initramfs.cpio
	@python3 bench/idle.py $(PAGODA) roms/kernel.elf roms/initramfs.cpio 10

.PHONY: bench-idle
BENCH_TARGETS += bench-idle
