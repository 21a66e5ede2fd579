# Multi-hart tests (tests/smp/run.sh): bare-metal programs run by four harts at once
# (spinlock made of AMOs, LR/SC under contention and against other harts' stores, IPI
# ping-pong through the CLINT, code one hart rewrites and the others run), an S-mode
# remote-fence test under SBI firmware (ours and Debian's OpenSBI), each with the same
# output on Pagoda and QEMU (code rewritten while another hart runs it: on Pagoda
# only); Pagoda OS on -smp 4; --clock icount runs byte-identical twice; per-hart
# statistics.
SMP_DIR    := tests/smp
SMP_OUT    := $(BUILD)/smp
SMP_HARTS  := 4
SMP_BARE   := spinlock lrsc ipi fencei
SMP_ELFS   := $(SMP_BARE:%=$(SMP_OUT)/%.elf) $(SMP_OUT)/fencei-live.elf $(SMP_OUT)/rfence.elf
SMP_FLAGS  := $(RV_ARCH) -O2 -g -ffreestanding -nostdlib -nostartfiles -Wall -Wextra -Werror \
              -Wl,--no-warn-rwx-segments -DNHARTS=$(SMP_HARTS)

$(SMP_OUT)/%.elf: $(SMP_DIR)/%.c $(SMP_DIR)/crt.S $(SMP_DIR)/smp.h $(SMP_DIR)/link.ld
	@mkdir -p $(@D)
	$(RV_CC) $(SMP_FLAGS) -T $(SMP_DIR)/link.ld -o $@ $(SMP_DIR)/crt.S $<

# fencei with the steps that write code another hart is running (Pagoda only).
$(SMP_OUT)/fencei-live.elf: $(SMP_DIR)/fencei.c $(SMP_DIR)/crt.S $(SMP_DIR)/smp.h $(SMP_DIR)/link.ld
	@mkdir -p $(@D)
	$(RV_CC) $(SMP_FLAGS) -DLIVE -T $(SMP_DIR)/link.ld -o $@ $(SMP_DIR)/crt.S $<

$(SMP_OUT)/rfence.elf: $(SMP_DIR)/rfence.c $(SMP_DIR)/rfence_crt.S $(SMP_DIR)/rfence.ld
	@mkdir -p $(@D)
	$(RV_CC) $(SMP_FLAGS) -T $(SMP_DIR)/rfence.ld -o $@ $(SMP_DIR)/rfence_crt.S $<

.PHONY: test-smp
test-smp: $(PAGODA) $(SMP_ELFS) $(FW_ROM) roms/kernel.elf $(INITRAMFS)
	@sh $(SMP_DIR)/run.sh $(PAGODA) $(SMP_OUT) $(FW_ROM) $(SMP_HARTS)

ALL_TARGETS  += $(SMP_ELFS)
TEST_TARGETS += test-smp
