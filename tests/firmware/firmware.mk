# Tests of the Pagoda SBI firmware: an S-mode payload that calls every SBI extension
# (tests/firmware/payload.c), run on Pagoda and on QEMU virt with our firmware, and with
# Debian's OpenSBI fw_jump as a check of the payload itself. See tests/firmware/run.sh.
FWT_DIR     := tests/firmware
FWT_OUT     := $(BUILD)/firmware-test
FWT_FLAGS   := $(RV_ARCH) -ffreestanding -nostdlib -nostartfiles -static -O2 -g \
               -Wall -Wextra -Werror -fno-pic -Ifirmware -Wl,--no-warn-rwx-segments \
               -T $(FWT_DIR)/link.ld
FWT_SRCS    := $(FWT_DIR)/crt.S $(FWT_DIR)/payload.c firmware/fmt.c
FWT_DEPS    := $(FWT_SRCS) $(FWT_DIR)/link.ld firmware/sbi.h firmware/fmt.h
FWT_PAYLOAD := $(FWT_OUT)/payload.elf
FWT_FAILING := $(FWT_OUT)/payload-fail.elf
FWT_REBOOT  := $(FWT_OUT)/payload-reboot.elf
FWT_NOSSTC  := $(FWT_OUT)/firmware-nosstc.bin
OPENSBI_JUMP := /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin

$(FWT_PAYLOAD): $(FWT_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(FWT_FLAGS) -o $@ $(FWT_SRCS)

$(FWT_FAILING): $(FWT_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(FWT_FLAGS) -DFORCE_FAIL -o $@ $(FWT_SRCS)

$(FWT_REBOOT): $(FWT_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(FWT_FLAGS) -DTEST_REBOOT -o $@ $(FWT_SRCS)

# Our firmware with Sstc detection off: set_timer then goes through the CLINT's
# mtimecmp and the M-mode timer interrupt, on harts that have Sstc as well.
$(FWT_OUT)/main-nosstc.o: firmware/main.c firmware/fw.h firmware/sbi.h
	@mkdir -p $(@D)
	$(RV_CC) $(FW_CFLAGS) -DFW_NO_SSTC -c -o $@ $<

$(FWT_OUT)/firmware-nosstc.elf: $(filter-out %/main.c.o,$(FW_OBJS)) $(FWT_OUT)/main-nosstc.o
	$(RV_CC) $(FW_CFLAGS) -nostartfiles -static -Wl,--no-warn-rwx-segments \
	    -T $(FW_DIR)/link.ld -o $@ $^ -lgcc

$(FWT_NOSSTC): $(FWT_OUT)/firmware-nosstc.elf
	$(RV_OBJCOPY) -O binary $< $@

FWT_ALL := $(FWT_PAYLOAD) $(FWT_FAILING) $(FWT_REBOOT) $(FWT_NOSSTC) $(FW_ROM)

.PHONY: test-firmware test-firmware-opensbi test-firmware-smp
test-firmware: $(FWT_ALL) $(PAGODA)
	@sh $(FWT_DIR)/run.sh ours $(PAGODA) $(FWT_OUT) $(FW_ROM)

# Several harts, on Pagoda and QEMU (see run.sh).
test-firmware-smp: $(FWT_ALL) $(PAGODA)
	@sh $(FWT_DIR)/run.sh smp $(PAGODA) $(FWT_OUT) $(FW_ROM)

test-firmware-opensbi: $(FWT_PAYLOAD) $(PAGODA)
	@sh $(FWT_DIR)/run.sh opensbi $(PAGODA) $(FWT_OUT) $(OPENSBI_JUMP)

ALL_TARGETS  += $(FWT_ALL)
TEST_TARGETS += test-firmware test-firmware-smp test-firmware-opensbi

# By hand (timing, not in make test): test-firmware-smp STRESS_RUNS times in a row,
# with STRESS_HEAVY=heavy beside two CPU-bound jobs.
STRESS_RUNS ?= 20
STRESS_HEAVY ?=
.PHONY: stress-firmware-smp
stress-firmware-smp: $(FWT_ALL) $(PAGODA) $(BENCH_OUT)/dmatmul.elf
	@sh $(FWT_DIR)/stress-smp.sh $(PAGODA) $(FWT_OUT) $(FW_ROM) $(BENCH_OUT)/dmatmul.elf \
	    $(STRESS_RUNS) $(STRESS_HEAVY)
