# guest/README.md's one-step build with guest/user/pagoda-cc (tests/guest/cc/), run under
# qemu-riscv64 and in the guest on Pagoda.
.PHONY: test-pagoda-cc
test-pagoda-cc: roms/kernel.elf $(INITRAMFS) $(PAGODA) roms/firmware.bin
	@sh tests/guest/pagoda_cc_test.sh $(PAGODA) $(BUILD)/pagoda-cc

TEST_TARGETS += test-pagoda-cc
