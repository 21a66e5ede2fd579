# guest/kernel/kernel.mk — the guest kernel: an S-mode ELF linked in the upper half of
# Sv39 and loaded at 0x80200000, installed as roms/kernel.elf.

KERNEL_DIR  := guest/kernel
KERNEL_OUT  := $(BUILD)/guest/kernel
KERNEL_SRCS := $(wildcard $(KERNEL_DIR)/*.c) $(wildcard $(KERNEL_DIR)/*.S)
KERNEL_OBJS := $(patsubst $(KERNEL_DIR)/%,$(KERNEL_OUT)/%.o,$(KERNEL_SRCS))
KERNEL_CFLAGS := $(RV_ARCH) -O2 -g -Wall -Wextra -Werror -std=gnu11 -ffreestanding \
                 -fno-common -fno-stack-protector -fno-pie -fno-omit-frame-pointer \
                 -fno-tree-loop-distribute-patterns -nostdlib -MMD -MP
KERNEL_ELF  := roms/kernel.elf

$(KERNEL_OUT)/%.c.o: $(KERNEL_DIR)/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_OUT)/%.S.o: $(KERNEL_DIR)/%.S
	@mkdir -p $(@D)
	$(RV_CC) $(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_OUT)/kernel.elf: $(KERNEL_OBJS) $(KERNEL_DIR)/kernel.ld
	$(RV_CC) $(KERNEL_CFLAGS) -no-pie -T $(KERNEL_DIR)/kernel.ld -Wl,--no-warn-rwx-segments \
	    $(KERNEL_OBJS) -o $@

$(KERNEL_ELF): $(KERNEL_OUT)/kernel.elf
	@mkdir -p $(@D)
	cp $< $@

ALL_TARGETS += $(KERNEL_ELF)

-include $(wildcard $(KERNEL_OUT)/*.d)
