# Pagoda SBI firmware (M-mode): roms/firmware.bin, the raw image loaded at 0x80000000
# (build/firmware/firmware.bin is the same file, build/firmware/firmware.elf has the
# symbols). See firmware/README.md.
FW_DIR    := firmware
FW_SRCS   := $(wildcard $(FW_DIR)/*.c) $(FW_DIR)/entry.S
FW_OBJS   := $(patsubst $(FW_DIR)/%,$(BUILD)/firmware/%.o,$(FW_SRCS))
FW_ELF    := $(BUILD)/firmware/firmware.elf
FW_BIN    := $(BUILD)/firmware/firmware.bin
FW_ROM    := roms/firmware.bin
FW_CFLAGS := $(RV_ARCH) -ffreestanding -nostdlib -O2 -g -Wall -Wextra -Werror \
             -fno-pic -fno-stack-protector -fno-builtin -MMD -MP -I$(FW_DIR)

$(BUILD)/firmware/%.o: $(FW_DIR)/%
	@mkdir -p $(@D)
	$(RV_CC) $(FW_CFLAGS) -c -o $@ $<

$(FW_ELF): $(FW_OBJS) $(FW_DIR)/link.ld
	$(RV_CC) $(FW_CFLAGS) -nostartfiles -static -Wl,--no-warn-rwx-segments \
	    -T $(FW_DIR)/link.ld -o $@ $(FW_OBJS) -lgcc

$(FW_BIN): $(FW_ELF)
	$(RV_OBJCOPY) -O binary $< $@

$(FW_ROM): $(FW_BIN)
	@mkdir -p $(@D)
	cp $< $@

.PHONY: firmware
firmware: $(FW_ROM)

ALL_TARGETS += $(FW_ROM)
-include $(FW_OBJS:.o=.d)
