# The collectors inside the guest OS: tests/gc-guest/gc_guest.c (built with
# guest/user/pagoda-cc, packed into an archive appended to the standard initramfs),
# /bin/gcbench, prctl(PR_SET_VMA_ANON_NAME) and the spaces in /proc/PID/maps, on Pagoda;
# then the same randomized test on Linux under qemu-riscv64.
GCG_DIR := tests/gc-guest
GCG_OUT := $(BUILD)/gc-guest
GCG_ELF := $(GCG_OUT)/gc_guest
GCG_INITRD := $(GCG_OUT)/initrd.cpio
GCG_TRACE := $(BUILD)/gc/traces/small.trace

$(GCG_ELF): $(GCG_DIR)/gc_guest.c guest/user/gc/random_test.c guest/user/gc/gc_random_test.h \
            $(USER_GC_LIB) $(USER_GC_CRT0) roms/initramfs.cpio
	@mkdir -p $(@D)
	guest/user/pagoda-cc -O2 -Wall -Wextra -Werror -o $@ $(GCG_DIR)/gc_guest.c \
	    guest/user/gc/random_test.c

$(GCG_INITRD): $(GCG_ELF) $(GCG_TRACE) roms/initramfs.cpio
	python3 tools/mkinitramfs.py $(GCG_OUT)/extra.cpio bin/gc_guest=$(GCG_ELF) \
	    etc/gc/small.trace=$(GCG_TRACE)
	cat roms/initramfs.cpio $(GCG_OUT)/extra.cpio > $@

.PHONY: test-gc-guest
test-gc-guest: $(GCG_INITRD) $(PAGODA) roms/firmware.bin roms/kernel.elf
	@sh $(GCG_DIR)/run.sh $(PAGODA) $(GCG_OUT) $(GCG_INITRD)
	$(if $(GC_QEMU),$(GC_QEMU) $(GCG_ELF) random 20000,@echo "test-gc-guest: no qemu-riscv64, Linux run skipped")

TEST_TARGETS += test-gc-guest
