# Kernel-heavy work: the guest OS on Pagoda and QEMU at once, its fork/exec, fault and
# pipe benchmarks timed from the host, and the boot to the prompt (bench/kernel.py).
#   make bench-kernel     the table; also written to build/bench/kernel.json
bench-kernel: $(PAGODA) roms/kernel.elf roms/initramfs.cpio
	@mkdir -p $(BENCH_OUT)
	@python3 bench/kernel.py $(PAGODA) $(BENCH_RUNS_KERNEL) --json $(BENCH_OUT)/kernel.json

BENCH_RUNS_KERNEL ?= 5
.PHONY: bench-kernel
BENCH_TARGETS += bench-kernel
