# Differential testing against QEMU: random RV64IMAC programs (tests/diff/gen.py) run on
# QEMU and on the emulator must print identical register and buffer dumps.
#   make test-diff DIFF_SEED=1 DIFF_COUNT=500 DIFF_JOBS=2    emulator vs QEMU
#   make test-diff-self                                     QEMU vs QEMU + known answer
DIFF_SEED  ?= 1
DIFF_COUNT ?= 500
DIFF_JOBS  ?= 2
DIFF_ARGS   = --seed $(or $(DIFF_SEED),1) --count $(or $(DIFF_COUNT),500) \
              --jobs $(or $(DIFF_JOBS),2) \
              --out $(BUILD)/diff --emu "$(PAGODA)" --rv-prefix $(RV_PREFIX)

.PHONY: test-diff test-diff-self
# Rebuild the emulator first when a fragment knows how.
test-diff: $(filter $(PAGODA),$(ALL_TARGETS))
	@python3 tests/diff/run.py $(DIFF_ARGS)

test-diff-self:
	@python3 tests/diff/run.py $(DIFF_ARGS) --self-check

TEST_TARGETS += test-diff
