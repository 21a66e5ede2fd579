# Pagoda — top-level build. `make` builds the emulator and the images, `make run` boots
# the guest shell, `make test` runs every test, `make bench` prints the benchmark table.
# Each part of the tree contributes a fragment (*.mk) that appends to the lists below.

CC       ?= gcc
BUILD    := build
PAGODA   := $(BUILD)/pagoda
OPT      ?= -O2
WARN     := -Wall -Wextra -Werror
CFLAGS   := -std=gnu11 $(OPT) -g $(WARN) -MMD -MP
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Guest (RISC-V) toolchain, used for ISA tests, firmware, kernel and user programs.
RV_PREFIX := riscv64-unknown-elf-
RV_CC     := $(RV_PREFIX)gcc
RV_OBJCOPY:= $(RV_PREFIX)objcopy
RV_OBJDUMP:= $(RV_PREFIX)objdump
RV_ARCH   := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
# The same with F and D, for code that uses the FP registers (lp64d passes doubles in them).
RV_ARCH_GC := -march=rv64gc -mabi=lp64d -mcmodel=medany

ALL_TARGETS   :=
TEST_TARGETS  :=
BENCH_TARGETS :=

.PHONY: all deps test bench run clean
all: deps build-all

include $(sort $(wildcard emu/*.mk firmware/*.mk guest/*.mk guest/*/*.mk guest/*/*/*.mk tests/*/*.mk bench/*.mk tools/*.mk))

build-all: $(ALL_TARGETS)
.PHONY: build-all

deps:
	@sh tools/deps.sh

# Every test target runs even when an earlier one fails; tools/testrun.sh prints the
# per-target result and the closing "N passed, N failed" line.
test: deps
	@$(MAKE) --no-print-directory build-all
	@sh tools/testrun.sh $(TEST_TARGETS)

bench: deps
	@$(MAKE) --no-print-directory build-all
	@sh tools/testrun.sh --bench $(BENCH_TARGETS)

clean:
	rm -rf $(BUILD) roms
