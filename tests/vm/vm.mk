# VM tests: self-checking bare-metal programs for the Sv39 MMU and the TLB model,
# reporting through HTIF (env/ is the ISA tests' environment plus page tables).
# `make test-vm` runs them on Pagoda, some with extra flags (VM_FLAGS_name), then
# check_counts.py compares the exact TLB counts of tlb_counts with its predictions.
# `make test-vm-qemu` runs them on QEMU 7.2's spike machine to check the suite
# itself; they are built with -DVM_QEMU there, which selects QEMU's answer where it
# is known to differ (each place says why), and VM_PAGODA_ONLY are not run.

VM_DIR      := tests/vm
VM_ENV      := $(VM_DIR)/env
VM_NAMES    := $(sort $(basename $(notdir $(wildcard $(VM_DIR)/*.S))))
VM_ELFS     := $(addprefix $(BUILD)/vm/,$(addsuffix .elf,$(VM_NAMES)))
VM_PAGODA_ONLY := svade hpm
VM_QEMU_ELFS := $(addprefix $(BUILD)/vm/qemu/,$(addsuffix .elf,$(filter-out $(VM_PAGODA_ONLY),$(VM_NAMES))))
# The ISA tests' environment (tests/isa/env), with vm_init called at reset.
VM_ISA_ENV  := tests/isa/env
VM_CFLAGS   := $(RV_ARCH) -nostdlib -nostartfiles -static -Wl,--no-warn-rwx-segments \
               -DENV_VM_INIT -I$(VM_ENV) -I$(VM_ISA_ENV) -T $(VM_ENV)/link.ld
VM_ENV_SRC  := $(VM_ISA_ENV)/env.S $(VM_ENV)/vm.S
VM_DEPS     := $(VM_ENV_SRC) $(VM_ISA_ENV)/test.h $(VM_ENV)/vm.h $(VM_ENV)/link.ld
VM_QEMU     := qemu-system-riscv64 -M spike -bios none -nographic -monitor none -serial none
VM_FLAGS_svade := --svade

$(BUILD)/vm/%.elf: $(VM_DIR)/%.S $(VM_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(VM_CFLAGS) -o $@ $(VM_ENV_SRC) $<

$(BUILD)/vm/qemu/%.elf: $(VM_DIR)/%.S $(VM_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(VM_CFLAGS) -DVM_QEMU -o $@ $(VM_ENV_SRC) $<

$(BUILD)/vm/%.dump: $(BUILD)/vm/%.elf
	$(RV_OBJDUMP) -d $< > $@

test-vm: $(VM_ELFS) $(PAGODA)
	@ok=0; \
	sh $(VM_DIR)/run.sh "timeout 10 $(PAGODA)" \
	    $(foreach n,$(VM_NAMES),"$(BUILD)/vm/$(n).elf|$(VM_FLAGS_$(n))") || ok=1; \
	python3 $(VM_DIR)/check_counts.py $(PAGODA) $(BUILD)/vm/tlb_counts.elf || ok=1; \
	exit $$ok

test-vm-qemu: $(VM_QEMU_ELFS)
	@sh $(VM_DIR)/run.sh "timeout 10 $(VM_QEMU) -kernel" $(VM_QEMU_ELFS)

.PHONY: test-vm test-vm-qemu
ALL_TARGETS  += $(VM_ELFS)
TEST_TARGETS += test-vm
