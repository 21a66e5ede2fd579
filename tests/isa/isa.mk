# ISA tests: self-checking bare-metal programs, one per topic, reporting through HTIF.
# `make test-isa` runs them on Pagoda; `make test-isa-qemu` runs them on QEMU's spike
# machine, to check the suite itself.

ISA_DIR   := tests/isa
ISA_ENV   := $(ISA_DIR)/env
ISA_NAMES := $(sort $(basename $(notdir $(wildcard $(ISA_DIR)/*.S))))
ISA_ELFS  := $(addprefix $(BUILD)/isa/,$(addsuffix .elf,$(ISA_NAMES)))
ISA_FLAGS := $(RV_ARCH) -nostdlib -nostartfiles -static -Wl,--no-warn-rwx-segments -I$(ISA_ENV) -T $(ISA_ENV)/link.ld
ISA_QEMU  := qemu-system-riscv64 -M spike -bios none -nographic -monitor none -serial none -kernel

$(BUILD)/isa/%.elf: $(ISA_DIR)/%.S $(ISA_ENV)/env.S $(ISA_ENV)/test.h $(ISA_ENV)/link.ld
	@mkdir -p $(@D)
	$(RV_CC) $(ISA_FLAGS) -o $@ $(ISA_ENV)/env.S $<

$(BUILD)/isa/%.dump: $(BUILD)/isa/%.elf
	$(RV_OBJDUMP) -d $< > $@

test-isa: $(ISA_ELFS) $(PAGODA)
	@sh $(ISA_DIR)/run.sh "timeout 10 $(PAGODA)" $(ISA_ELFS)

test-isa-qemu: $(ISA_ELFS)
	@sh $(ISA_DIR)/run.sh "timeout 10 $(ISA_QEMU)" $(ISA_ELFS)

.PHONY: test-isa test-isa-qemu
ALL_TARGETS  += $(ISA_ELFS)
TEST_TARGETS += test-isa
