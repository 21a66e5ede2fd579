# tests/swap/swap.mk — swap and page replacement in the guest OS (tests/swap/run.py):
#   make test-swap    a working set larger than RAM checked byte for byte under each
#                     policy, the swap file's contents at the reported slots, fork
#                     under swap, the OOM killer, swapoff/swapon, bad disks and bad
#                     pages, and QEMU's virtio-blk (a few minutes)
#   make bench-swap   the working-set sweep: major faults and time per policy
.PHONY: test-swap bench-swap

test-swap: roms/kernel.elf $(INITRAMFS) $(PAGODA)
	python3 tests/swap/run.py test --pagoda $(PAGODA)

bench-swap: roms/kernel.elf $(INITRAMFS) $(PAGODA)
	python3 tests/swap/run.py bench --pagoda $(PAGODA)

TEST_TARGETS  += test-swap
BENCH_TARGETS += bench-swap
