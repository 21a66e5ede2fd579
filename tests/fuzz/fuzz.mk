# Coverage-guided fuzzing of the emulator with libFuzzer (Debian's clang): each
# tests/fuzz/fuzz_NAME.c is a harness, built with ASan+UBSan against a clang build of
# the emulator's objects (build/fuzz/), with its corpus in tests/fuzz/corpus/NAME/,
# the inputs that once crashed it in tests/fuzz/crashes/NAME/ and, where it helps, a
# dictionary tests/fuzz/NAME.dict.
#   make test-fuzz   every harness: the crash inputs and the corpus, then FUZZ_TEST_SECS
#                    seconds of fuzzing each (part of make test)
#   make fuzz        FUZZ_SECS seconds each (default 120), then the corpus minimised
#                    into tests/fuzz/corpus/ (commit it when it grew)
#   make fuzz-NAME   one harness for FUZZ_SECS
# A crash leaves its input in build/fuzz/artifacts/NAME/; once fixed, it goes into
# tests/fuzz/crashes/NAME/ and make test-fuzz replays it for good.

FUZZ_CC        := clang
FUZZ_DIR       := tests/fuzz
FUZZ_BUILD     := $(BUILD)/fuzz
FUZZ_SAN       := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS    := -std=gnu11 -O1 -g $(WARN) -MMD -MP -Iemu $(shell pkg-config --cflags libelf 2>/dev/null) \
                  $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_NAMES     := $(patsubst $(FUZZ_DIR)/fuzz_%.c,%,$(wildcard $(FUZZ_DIR)/fuzz_*.c))
FUZZ_BINS      := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_EMU_OBJS  := $(EMU_LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_TEST_SECS ?= 5
FUZZ_SECS      ?= 120
FUZZ_RUN       := sh $(FUZZ_DIR)/run.sh

$(FUZZ_BUILD)/emu/fpu.o $(FUZZ_BUILD)/emu/hart.o: FUZZ_CFLAGS += -ffp-contract=off -fno-math-errno
# The run loop unoptimised: at -O1 clang takes minutes over its computed gotos (each of
# the hundreds of inline and fused operations jumps to any of them), at -O0 seconds.
$(FUZZ_BUILD)/emu/hart.o: FUZZ_CFLAGS += -O0

$(FUZZ_BUILD)/emu/%.o: emu/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/%.o: $(FUZZ_DIR)/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/fuzz_%.o $(FUZZ_BUILD)/common.o $(FUZZ_EMU_OBJS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $(filter-out $(FUZZ_OWN),$^) $(EMU_LIBS)

# fuzz_gdb compiles emu/gdbstub.c into itself (to reach the packet handler).
$(FUZZ_BUILD)/fuzz_gdb: FUZZ_OWN := $(FUZZ_BUILD)/emu/gdbstub.o

# Named, so make keeps them (they would otherwise be intermediate files).
.SECONDARY: $(FUZZ_EMU_OBJS) $(FUZZ_BUILD)/common.o $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%.o)

fuzz-build: $(FUZZ_BINS)

# fuzz_gdb and fuzz_debugger run the kernel as a bare program (its symbols give the
# debugger's expressions something to find).
test-fuzz: fuzz-build roms/kernel.elf
	@$(FUZZ_RUN) test $(FUZZ_TEST_SECS) $(FUZZ_NAMES)

fuzz: fuzz-build roms/kernel.elf
	@$(FUZZ_RUN) fuzz $(FUZZ_SECS) $(FUZZ_NAMES)

$(FUZZ_NAMES:%=fuzz-%): fuzz-%: $(FUZZ_BUILD)/fuzz_% roms/kernel.elf
	@$(FUZZ_RUN) fuzz $(FUZZ_SECS) $*

.PHONY: fuzz-build test-fuzz fuzz $(FUZZ_NAMES:%=fuzz-%)
TEST_TARGETS += test-fuzz

-include $(FUZZ_EMU_OBJS:.o=.d) $(FUZZ_BUILD)/common.d $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%.d)

# Guest-kernel coverage (--cov) and the guest's coverage-guided fuzzer (/test/kfuzz).
#   make test-cov     --cov, /proc/kcov_pcs, kfuzz keeping what reaches new code and
#                     tools/covreport.py, end to end (part of make test)
#   make fuzz-guest   kfuzz for FUZZ_GUEST_SECS seconds (default 600) from seed
#                     FUZZ_GUEST_SEED with the watchdogs of tools/fuzz-guest.py;
#                     coverage in build/fuzz-guest/
FUZZ_GUEST_SECS ?= 600
FUZZ_GUEST_SEED ?= 0x9e3779b97f4a7c15
test-cov: $(PAGODA) roms/kernel.elf $(INITRAMFS)
	@python3 $(FUZZ_DIR)/cov_test.py

fuzz-guest: $(PAGODA) roms/kernel.elf $(INITRAMFS)
	@python3 tools/fuzz-guest.py --secs $(FUZZ_GUEST_SECS) --seed $(FUZZ_GUEST_SEED)

.PHONY: test-cov fuzz-guest
TEST_TARGETS += test-cov
