# guest/linux/linux.mk — Linux 6.1 as a second guest kernel (Pagoda OS stays the default).
#   make linux       Debian's linux-source-6.1 built for riscv64 with the fragment
#                    guest/linux/pagoda.config on top of tinyconfig: roms/linux.bin (the
#                    raw Image, loaded at 0x80200000, one hart)
#   make linux-smp   the same with smp.config on top: roms/linux-smp.bin (for -smp N).
#                    Each is rebuilt only when its fragments or this file change; the
#                    unpacked source stays in build/linux, each variant's objects in
#                    build/linux/up and build/linux/smp.
#   make run-linux   boots roms/linux.bin on Pagoda with Pagoda's firmware and initramfs
#   make run-linux-smp   roms/linux-smp.bin on Pagoda with -smp $(LINUX_HARTS) (4)
#   make run-linux-qemu   roms/linux.bin on QEMU
# Packages: linux-source-6.1 gcc-riscv64-linux-gnu bc flex bison (tools/deps.sh).

LINUX_TAR     := /usr/src/linux-source-6.1.tar.xz
LINUX_DIR     := $(BUILD)/linux
LINUX_SRC     := $(LINUX_DIR)/linux-source-6.1
LINUX_IMAGE   := roms/linux.bin
LINUX_SMP_IMAGE := roms/linux-smp.bin
LINUX_CONFIGS := guest/linux/pagoda.config
LINUX_SMP_CONFIGS := $(LINUX_CONFIGS) guest/linux/smp.config
LINUX_APPEND  := console=ttyS0 earlycon
LINUX_HARTS   ?= 4
# The kernel's make for variant $(1) (its objects in build/linux/$(1)).
linux_make     = $(MAKE) --no-print-directory -C $(LINUX_SRC) O=$(abspath $(LINUX_DIR)/$(1)) \
                 ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- KBUILD_BUILD_TIMESTAMP=pagoda \
                 KBUILD_BUILD_USER=pagoda KBUILD_BUILD_HOST=pagoda

# The source, unpacked once (about 15 s).
$(LINUX_SRC)/Makefile: $(LINUX_TAR)
	@mkdir -p $(LINUX_DIR)
	rm -rf $(LINUX_SRC)
	tar -xJf $(LINUX_TAR) -C $(LINUX_DIR)
	touch $@

# One variant: $(1) its name (build/linux/$(1)), $(2) its fragments, $(3) its image.
# tinyconfig, then the fragments in order; every line of them must survive olddefconfig
# (a symbol Kconfig drops, misspelt or missing a dependency, stops the build here).
define linux_variant
$(LINUX_DIR)/$(1)/.config: $(2) guest/linux/linux.mk $(LINUX_SRC)/Makefile
	@mkdir -p $$(@D)
	+$$(call linux_make,$(1)) tinyconfig >/dev/null
	cat $(2) >> $$@
	+$$(call linux_make,$(1)) olddefconfig >/dev/null 2>&1
	python3 tools/kconfig_check.py $$@ $(2)

$(3): $(LINUX_DIR)/$(1)/.config
	+$$(call linux_make,$(1)) -j2 Image
	@mkdir -p $$(@D)
	cp $(LINUX_DIR)/$(1)/arch/riscv/boot/Image $$@
endef
$(eval $(call linux_variant,up,$(LINUX_CONFIGS),$(LINUX_IMAGE)))
$(eval $(call linux_variant,smp,$(LINUX_SMP_CONFIGS),$(LINUX_SMP_IMAGE)))

.PHONY: linux linux-smp run-linux run-linux-smp run-linux-qemu
linux: $(LINUX_IMAGE)
linux-smp: $(LINUX_SMP_IMAGE)

run-linux: $(LINUX_IMAGE) $(INITRAMFS) $(PAGODA)
	$(PAGODA) -bios $(GUEST_FIRMWARE) -kernel $(LINUX_IMAGE) -initrd $(INITRAMFS) \
	    -append "$(LINUX_APPEND)"

run-linux-smp: $(LINUX_SMP_IMAGE) $(INITRAMFS) $(PAGODA)
	$(PAGODA) -smp $(LINUX_HARTS) -bios $(GUEST_FIRMWARE) -kernel $(LINUX_SMP_IMAGE) \
	    -initrd $(INITRAMFS) -append "$(LINUX_APPEND)"

run-linux-qemu: $(LINUX_IMAGE) $(INITRAMFS)
	qemu-system-riscv64 -M virt -nographic -kernel $(LINUX_IMAGE) -initrd $(INITRAMFS) \
	    -append "$(LINUX_APPEND)"
