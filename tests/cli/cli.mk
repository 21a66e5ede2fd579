# Command-line, console and finisher tests of the emulator (tests/cli/run.sh).
CLI_PROGS := echo exitcode reboot wfi dbgprog dbgspin modes initrd
CLI_ELFS := $(CLI_PROGS:%=$(BUILD)/cli/%.elf)
CLI_RV_FLAGS := $(RV_ARCH) -O2 -g -ffreestanding -nostdlib -nostartfiles -Wall -Werror \
                -Wl,--no-warn-rwx-segments -T tests/cli/link.ld

$(BUILD)/cli/%.elf: tests/cli/%.c tests/cli/crt.S tests/cli/bare.h tests/cli/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(CLI_RV_FLAGS) -o $@ tests/cli/crt.S $<

# A 32-bit RISC-V ELF and one linked below RAM, for the bad-input cases.
$(BUILD)/cli/rv32.elf: $(BUILD)/cli/echo.elf
	$(RV_PREFIX)objcopy -O elf32-littleriscv $< $@
# An ELF whose entry point is not in RAM (its code is).
$(BUILD)/cli/noentry.elf: tests/cli/echo.c tests/cli/crt.S tests/cli/link.ld
	$(RV_CC) $(CLI_RV_FLAGS) -Wl,--entry=0x1000000 -o $@ tests/cli/crt.S $<
$(BUILD)/cli/lowaddr.elf: tests/cli/echo.c tests/cli/crt.S
	$(RV_CC) $(RV_ARCH) -O2 -ffreestanding -nostdlib -nostartfiles -Wl,-Ttext=0x40000000 \
	    -Wl,--defsym=_stack_top=0x40010000 -o $@ tests/cli/crt.S $<

.PHONY: test-cli
test-cli: $(PAGODA) $(CLI_ELFS) $(BUILD)/isa/fp_misc.elf $(BUILD)/isa/fp_d.elf \
          $(BUILD)/bench/quick/nbody.elf $(BUILD)/cli/rv32.elf $(BUILD)/cli/lowaddr.elf $(BUILD)/cli/noentry.elf \
          $(BUILD)/vm/tlb_counts.elf $(BUILD)/isa/alu.elf roms/kernel.elf $(INITRAMFS) \
          roms/firmware.bin
	@sh tests/cli/run.sh $(PAGODA) $(BUILD)
	@sh tests/cli/debugger_test.sh $(PAGODA) $(BUILD) $(RV_PREFIX)nm
	@python3 tests/cli/debugger_pid.py $(PAGODA) roms $(BUILD)/cli

TEST_TARGETS += test-cli
