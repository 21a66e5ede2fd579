# Paging benchmark: the core workloads plus tlbheavy, each built three ways and run on
# Pagoda and on QEMU by bench/run.py paging:
#   off   $(BENCH_OUT)/NAME.elf       M-mode, Bare (the bench-core ELF)
#   4k    $(BENCH_OUT)/vm4k/NAME.elf  U-mode, Sv39, 4 KiB pages (crt0_vm.S, vm.c)
#   2m    $(BENCH_OUT)/vm2m/NAME.elf  U-mode, Sv39, 2 MiB megapages
# The workload code is compiled the same way in all three, so each retires the same
# instructions; the table gives MIPS per variant, the cost of paging and the TLB hit
# rates from pagoda's --stats-json.
#   make bench-paging         the table; also written to build/bench/paging.json
#   make test-bench-paging    QUICK 4k/2m builds on Pagoda print the host checksum
PAGING_NAMES := $(BENCH_INT) tlbheavy
PAGING_VARIANTS := vm4k vm2m
PAGING_ELFS  := $(addprefix $(BENCH_OUT)/,$(addsuffix .elf,$(PAGING_NAMES))) \
                $(foreach v,$(PAGING_VARIANTS),$(addprefix $(BENCH_OUT)/$(v)/,$(addsuffix .elf,$(PAGING_NAMES))))
PAGING_QUICK := $(foreach v,$(PAGING_VARIANTS),$(addprefix $(BENCH_OUT)/quick-$(v)/,$(addsuffix .elf,$(PAGING_NAMES))))
PAGING_HOST  := $(addprefix $(BENCH_OUT)/host/,$(PAGING_NAMES))
PAGING_DEPS  := $(BENCH_DIR)/bench.h $(BENCH_DIR)/main.c $(BENCH_DIR)/crt0_vm.S \
                $(BENCH_DIR)/vm.c $(BENCH_DIR)/link.ld
PAGING_SRCS   = $(BENCH_DIR)/crt0_vm.S $(BENCH_DIR)/vm.c $(BENCH_DIR)/main.c
PAGING_FLAGS_vm4k := -DBENCH_VM
PAGING_FLAGS_vm2m := -DBENCH_VM -DBENCH_VM_MEGA

define PAGING_RULES
$(BENCH_OUT)/$(1)/%.elf: $(BENCH_DIR)/%.c $(PAGING_DEPS)
	@mkdir -p $$(@D)
	$(RV_CC) $(BENCH_RVFLAGS) $(PAGING_FLAGS_$(1)) -o $$@ $(PAGING_SRCS) $$<

$(BENCH_OUT)/quick-$(1)/%.elf: $(BENCH_DIR)/%.c $(PAGING_DEPS)
	@mkdir -p $$(@D)
	$(RV_CC) $(BENCH_RVFLAGS) $(PAGING_FLAGS_$(1)) -DQUICK -o $$@ $(PAGING_SRCS) $$<
endef
$(foreach v,$(PAGING_VARIANTS),$(eval $(call PAGING_RULES,$(v))))

bench-paging: $(PAGING_ELFS) $(PAGODA)
	@python3 $(BENCH_DIR)/run.py paging --pagoda $(PAGODA) --runs $(BENCH_RUNS) \
	    --dir $(BENCH_OUT) --json $(BENCH_OUT)/paging.json $(PAGING_NAMES)

test-bench-paging: $(PAGING_QUICK) $(PAGING_HOST) $(PAGODA)
	@python3 $(BENCH_DIR)/run.py check --pagoda $(PAGODA) --host-dir $(BENCH_OUT)/host \
	    $(PAGING_QUICK)

.PHONY: bench-paging test-bench-paging
ALL_TARGETS   += $(PAGING_ELFS) $(PAGING_QUICK) $(PAGING_HOST)
TEST_TARGETS  += test-bench-paging
BENCH_TARGETS += bench-paging
