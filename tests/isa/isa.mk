# ISA tests: self-checking bare-metal programs, one per topic, reporting through HTIF.
# `make test-isa` runs them on Pagoda; `make test-isa-qemu` runs them on QEMU 7.2, to
# check the suite itself: on the spike machine (which serves HTIF), except
#  - ISA_ON_VIRT: tests of what spike lacks (the time CSR), run on virt and exiting
#    through its test finisher instead (built with -DEXIT_VIA_SIFIVE_TEST);
#  - ISA_ON_AIA: interrupt priority, which QEMU 7.2 gets right only with its AIA on;
#  - ISA_NOT_ON_QEMU: debug triggers (QEMU 7.2 has two and no tcontrol).

ISA_DIR     := tests/isa
ISA_ENV     := $(ISA_DIR)/env
ISA_NAMES   := $(sort $(basename $(notdir $(wildcard $(ISA_DIR)/*.S))))
ISA_ELFS    := $(addprefix $(BUILD)/isa/,$(addsuffix .elf,$(ISA_NAMES)))
ISA_ON_VIRT := time
ISA_ON_AIA  := irq_priority
ISA_NOT_ON_QEMU := triggers
ISA_VIRT_ELFS  := $(addprefix $(BUILD)/isa/virt/,$(addsuffix .elf,$(ISA_ON_VIRT)))
ISA_AIA_ELFS   := $(addprefix $(BUILD)/isa/,$(addsuffix .elf,$(ISA_ON_AIA)))
ISA_SPIKE_ELFS := $(filter-out $(addprefix $(BUILD)/isa/,$(addsuffix .elf,$(ISA_ON_VIRT) $(ISA_ON_AIA) $(ISA_NOT_ON_QEMU))),$(ISA_ELFS))
# rv64gc with the lp64 ABI: the F/D tests use f registers, the others none.
ISA_FLAGS   := -march=rv64gc -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static -Wl,--no-warn-rwx-segments \
               -I$(ISA_ENV) -T $(ISA_ENV)/link.ld
ISA_DEPS    := $(ISA_ENV)/env.S $(ISA_ENV)/test.h $(ISA_ENV)/fp.h $(ISA_ENV)/link.ld
ISA_QEMU    := qemu-system-riscv64 -bios none -nographic -monitor none -serial none

$(BUILD)/isa/%.elf: $(ISA_DIR)/%.S $(ISA_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(ISA_FLAGS) -o $@ $(ISA_ENV)/env.S $<

$(BUILD)/isa/virt/%.elf: $(ISA_DIR)/%.S $(ISA_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(ISA_FLAGS) -DEXIT_VIA_SIFIVE_TEST -o $@ $(ISA_ENV)/env.S $<

$(BUILD)/isa/%.dump: $(BUILD)/isa/%.elf
	$(RV_OBJDUMP) -d $< > $@

test-isa: $(ISA_ELFS) $(PAGODA)
	@sh $(ISA_DIR)/run.sh "timeout 10 $(PAGODA)" $(ISA_ELFS)

test-isa-qemu: $(ISA_SPIKE_ELFS) $(ISA_VIRT_ELFS) $(ISA_AIA_ELFS)
	@ok=0; \
	sh $(ISA_DIR)/run.sh "timeout 10 $(ISA_QEMU) -M spike -kernel" $(ISA_SPIKE_ELFS) || ok=1; \
	sh $(ISA_DIR)/run.sh "timeout 10 $(ISA_QEMU) -M virt -kernel" $(ISA_VIRT_ELFS) || ok=1; \
	sh $(ISA_DIR)/run.sh "timeout 10 $(ISA_QEMU) -M spike -cpu rv64,x-smaia=true,x-ssaia=true -kernel" \
	    $(ISA_AIA_ELFS) || ok=1; \
	exit $$ok

.PHONY: test-isa test-isa-qemu
ALL_TARGETS  += $(ISA_ELFS)
TEST_TARGETS += test-isa
