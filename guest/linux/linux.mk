# guest/linux/linux.mk — Linux 6.1 as a second guest kernel (Pagoda OS stays the default).
#   make linux       Debian's linux-source-6.1 built for riscv64 with the fragment
#                    guest/linux/pagoda.config on top of tinyconfig: roms/linux.bin (the
#                    raw Image, loaded at 0x80200000). Rebuilt only when the fragment or
#                    this file changes; the unpacked source stays in build/linux.
#   make run-linux   boots it on Pagoda with Pagoda's firmware and initramfs
#   make run-linux-qemu   the same on QEMU
# Packages: linux-source-6.1 gcc-riscv64-linux-gnu bc flex bison (tools/deps.sh).

LINUX_TAR     := /usr/src/linux-source-6.1.tar.xz
LINUX_DIR     := $(BUILD)/linux
LINUX_SRC     := $(LINUX_DIR)/linux-source-6.1
LINUX_UP      := $(LINUX_DIR)/up
LINUX_IMAGE   := roms/linux.bin
LINUX_CONFIGS := guest/linux/pagoda.config
LINUX_APPEND  := console=ttyS0 earlycon
LINUX_MAKE     = $(MAKE) --no-print-directory -C $(LINUX_SRC) O=$(abspath $(LINUX_UP)) \
                 ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- KBUILD_BUILD_TIMESTAMP=pagoda \
                 KBUILD_BUILD_USER=pagoda KBUILD_BUILD_HOST=pagoda

# The source, unpacked once (about 15 s).
$(LINUX_SRC)/Makefile: $(LINUX_TAR)
	@mkdir -p $(LINUX_DIR)
	rm -rf $(LINUX_SRC)
	tar -xJf $(LINUX_TAR) -C $(LINUX_DIR)
	touch $@

# tinyconfig, then the fragment; every line of the fragment must survive olddefconfig
# (a symbol Kconfig drops, misspelt or missing a dependency, stops the build here).
$(LINUX_UP)/.config: $(LINUX_CONFIGS) guest/linux/linux.mk $(LINUX_SRC)/Makefile
	@mkdir -p $(LINUX_UP)
	+$(LINUX_MAKE) tinyconfig >/dev/null
	cat $(LINUX_CONFIGS) >> $@
	+$(LINUX_MAKE) olddefconfig >/dev/null 2>&1
	python3 tools/kconfig_check.py $@ $(LINUX_CONFIGS)

$(LINUX_IMAGE): $(LINUX_UP)/.config
	+$(LINUX_MAKE) -j2 Image
	@mkdir -p $(@D)
	cp $(LINUX_UP)/arch/riscv/boot/Image $@

.PHONY: linux run-linux run-linux-qemu
linux: $(LINUX_IMAGE)

run-linux: $(LINUX_IMAGE) $(INITRAMFS) $(PAGODA)
	$(PAGODA) -bios $(GUEST_FIRMWARE) -kernel $(LINUX_IMAGE) -initrd $(INITRAMFS) \
	    -append "$(LINUX_APPEND)"

run-linux-qemu: $(LINUX_IMAGE) $(INITRAMFS)
	qemu-system-riscv64 -M virt -nographic -kernel $(LINUX_IMAGE) -initrd $(INITRAMFS) \
	    -append "$(LINUX_APPEND)"
