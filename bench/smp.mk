# TLB shootdowns on 1, 2 and 4 harts: Pagoda OS runs /test/tlb_test bench (a thread per
# hart mapping, protecting and unmapping pages) as init; bench/smp.py prints time,
# requests sent and received, and guest instructions per shootdown. `make bench-smp`;
# part of `make bench` (run.py --smp 4 runs the same program briefly in make test).
bench-smp: $(PAGODA) roms/kernel.elf roms/initramfs.cpio roms/firmware.bin
	@python3 bench/smp.py $(PAGODA) roms/firmware.bin roms/kernel.elf roms/initramfs.cpio $(BENCH_SMP_ITERATIONS)

BENCH_SMP_ITERATIONS ?= 1000
.PHONY: bench-smp
BENCH_TARGETS += bench-smp
