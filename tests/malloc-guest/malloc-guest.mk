# The allocator's randomized test and its statistics inside the guest OS: a program
# built with guest/user/pagoda-cc, packed into an archive appended to the standard
# initramfs (as guest/README.md shows for your own programs), run on Pagoda.
MG_DIR := tests/malloc-guest
MG_OUT := $(BUILD)/malloc-guest
MG_ELF := $(MG_OUT)/malloc_guest
MG_INITRD := $(MG_OUT)/initrd.cpio

$(MG_ELF): $(MG_DIR)/malloc_guest.c guest/user/malloc/random_test.c roms/initramfs.cpio
	@mkdir -p $(@D)
	guest/user/pagoda-cc -O2 -Wall -Wextra -Werror -DPG_MALLOC_GUEST -Iguest/user/malloc -o $@ \
	    $(MG_DIR)/malloc_guest.c guest/user/malloc/random_test.c

$(MG_INITRD): $(MG_ELF) roms/initramfs.cpio
	python3 tools/mkinitramfs.py $(MG_OUT)/extra.cpio bin/malloc_guest=$(MG_ELF)
	cat roms/initramfs.cpio $(MG_OUT)/extra.cpio > $@

.PHONY: test-malloc-guest
test-malloc-guest: $(MG_INITRD) $(PAGODA) roms/firmware.bin
	@sh $(MG_DIR)/run.sh $(PAGODA) $(MG_OUT) $(MG_INITRD)

TEST_TARGETS += test-malloc-guest
