# Commit-log tests: small programs whose --log-commits output, from the first
# instruction in RAM, must equal the lines in Spike's format in NAME.expect, byte for
# byte (tests/trace/run.sh).
TRACE_NAMES := stores amo priv fp
TRACE_ELFS  := $(TRACE_NAMES:%=$(BUILD)/trace/%.elf)

$(BUILD)/trace/%.elf: tests/trace/%.S tests/cli/link.ld
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ARCH_GC) -mabi=lp64 -nostdlib -nostartfiles -static -Wl,--no-warn-rwx-segments \
	    -T tests/cli/link.ld -o $@ $<

.PHONY: test-trace
test-trace: $(PAGODA) $(TRACE_ELFS)
	@sh tests/trace/run.sh $(PAGODA) $(BUILD)/trace $(TRACE_NAMES)

TEST_TARGETS += test-trace
