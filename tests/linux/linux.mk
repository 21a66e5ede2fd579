# tests/linux/linux.mk — Linux beside Pagoda OS (tests/linux/run.py):
#   make test-linux   Linux boots on Pagoda (Pagoda's firmware, OpenSBI) and on QEMU
#                     to Pagoda's shell; mmap_test, vm_stress, proc/pipe/file tests
#                     print the same on Pagoda OS and on Linux; perf_test (exact DTLB
#                     misses through the SBI PMU, Pagoda's and OpenSBI's) and
#                     tlbstat on Linux, and against --stats per ASID (perf_checks.py);
#                     tools/compare-kernels; make linux is cached (make -n). Builds
#                     roms/linux.bin first when missing (about 5 minutes, once).
#   make test-linux-smp   SMP Linux (roms/linux-smp.bin, built first when missing, as
#                     long again) with -smp 4 on Pagoda (both firmwares) and QEMU: every
#                     hart online, the same output as Linux on one hart (and
#                     thread_test), perf_test and tlbstat, tlbstat against --stats per
#                     ASID; make linux-smp is cached. Not in make test: a second kernel
#                     build would double test-linux's share of a clean run.
#   make bench-kernels   tools/compare-kernels for each /test/vm_bench workload: Pagoda
#                     OS and Linux side by side (the README's table)
.PHONY: test-linux test-linux-smp bench-kernels

test-linux: $(LINUX_IMAGE) roms/kernel.elf $(FW_ROM) $(INITRAMFS) $(PAGODA)
	python3 tests/linux/run.py test --pagoda $(PAGODA)

test-linux-smp: $(LINUX_IMAGE) $(LINUX_SMP_IMAGE) $(FW_ROM) $(INITRAMFS) $(PAGODA)
	python3 tests/linux/run.py test-smp --pagoda $(PAGODA)

TEST_TARGETS += test-linux

bench-kernels: $(LINUX_IMAGE) roms/kernel.elf $(FW_ROM) $(INITRAMFS) $(PAGODA)
	for w in zero read cow fork switch; do tools/compare-kernels /test/vm_bench $$w || exit 1; done

BENCH_TARGETS += bench-kernels
