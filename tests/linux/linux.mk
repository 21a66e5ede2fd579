# tests/linux/linux.mk — Linux beside Pagoda OS (tests/linux/run.py):
#   make test-linux   Linux boots on Pagoda (Pagoda's firmware, OpenSBI) and on QEMU
#                     to Pagoda's shell; vm_test, mmap_test, proc/pipe/file tests print
#                     the same on Pagoda OS and on Linux. Builds roms/linux.bin first
#                     when missing (about 5 minutes, once per checkout).
.PHONY: test-linux

test-linux: $(LINUX_IMAGE) roms/kernel.elf $(FW_ROM) $(INITRAMFS) $(PAGODA)
	python3 tests/linux/run.py test --pagoda $(PAGODA)

TEST_TARGETS += test-linux
