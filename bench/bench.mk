# Core-speed benchmark: bare-metal workloads in C, one ELF each, run on Pagoda and on
# QEMU by bench/run.py, which prints instructions, seconds, MIPS and the speed ratio.
#   make bench-core             the table; also written to build/bench/core.json
#   make test-bench-programs    QUICK builds on Pagoda must print the checksum the same
#                               C built for the host (-DHOST) prints
BENCH_DIR    := bench
BENCH_INT    := crc32 sort matmul calls hash
# The FP workloads are built for rv64gc with doubles in f registers (lp64d); crt0 turns
# mstatus.FS on for every workload. No contraction into FMAs and an inline sqrt, here
# and on the host, so both compute the same roundings and print the same checksum.
BENCH_FP     := nbody dmatmul
BENCH_NAMES  := $(BENCH_INT) $(BENCH_FP)
BENCH_OUT    := $(BUILD)/bench
BENCH_ELFS   := $(addprefix $(BENCH_OUT)/,$(addsuffix .elf,$(BENCH_NAMES)))
BENCH_QUICK  := $(addprefix $(BENCH_OUT)/quick/,$(addsuffix .elf,$(BENCH_NAMES)))
BENCH_HOST   := $(addprefix $(BENCH_OUT)/host/,$(BENCH_NAMES))
BENCH_RUNS   ?= 5
BENCH_DEPS   := $(BENCH_DIR)/bench.h $(BENCH_DIR)/main.c $(BENCH_DIR)/crt0.S $(BENCH_DIR)/link.ld
# No builtin loop idioms: main.c's memset/memcpy must not turn into calls to themselves.
BENCH_RVFLAGS := $(RV_ARCH) -O2 -ffreestanding -nostdlib -nostartfiles -static \
                 -fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
                 -T $(BENCH_DIR)/link.ld -Wl,--no-warn-rwx-segments

$(BENCH_FP:%=$(BENCH_OUT)/%.elf) $(BENCH_FP:%=$(BENCH_OUT)/quick/%.elf): \
    BENCH_RVFLAGS := $(RV_ARCH_GC) $(filter-out $(RV_ARCH),$(BENCH_RVFLAGS)) \
                     -ffp-contract=off -fno-math-errno

$(BENCH_OUT)/%.elf: $(BENCH_DIR)/%.c $(BENCH_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(BENCH_RVFLAGS) -o $@ $(BENCH_DIR)/crt0.S $(BENCH_DIR)/main.c $<

$(BENCH_OUT)/quick/%.elf: $(BENCH_DIR)/%.c $(BENCH_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(BENCH_RVFLAGS) -DQUICK -o $@ $(BENCH_DIR)/crt0.S $(BENCH_DIR)/main.c $<

$(BENCH_OUT)/host/%: $(BENCH_DIR)/%.c $(BENCH_DIR)/bench.h $(BENCH_DIR)/main.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 $(WARN) -ffp-contract=off -fno-math-errno -DHOST -DQUICK \
	    -o $@ $(BENCH_DIR)/main.c $<

$(BENCH_OUT)/%.dump: $(BENCH_OUT)/%.elf
	$(RV_OBJDUMP) -d $< > $@

bench-core: $(BENCH_ELFS) $(PAGODA)
	@python3 $(BENCH_DIR)/run.py bench --pagoda $(PAGODA) --runs $(BENCH_RUNS) \
	    --json $(BENCH_OUT)/core.json $(BENCH_ELFS)

test-bench-programs: $(BENCH_QUICK) $(BENCH_HOST) $(PAGODA)
	@python3 $(BENCH_DIR)/run.py check --pagoda $(PAGODA) --host-dir $(BENCH_OUT)/host \
	    $(BENCH_QUICK)

.PHONY: bench-core test-bench-programs
ALL_TARGETS   += $(BENCH_ELFS) $(BENCH_QUICK) $(BENCH_HOST)
TEST_TARGETS  += test-bench-programs
BENCH_TARGETS += bench-core
