# Unit tests: Check suites for the decoder, the disassembler (against binutils'
# objdump), CSRs, traps and interrupts, CLINT and UART, the Sv39 MMU and the TLB model,
# linked against the ASan/UBSan build of the emulator's objects. `make test-unit`
# builds and runs them.

UNIT_DIR   := tests/unit
UNIT_BUILD := $(BUILD)/unit
UNIT_SRCS  := $(UNIT_DIR)/main.c $(UNIT_DIR)/fixture.c $(sort $(wildcard $(UNIT_DIR)/test_*.c))
UNIT_OBJS  := $(UNIT_SRCS:%.c=$(BUILD)/san/%.o)
UNIT_BIN   := $(UNIT_BUILD)/unit_tests
UNIT_GEN   := $(UNIT_BUILD)/gen_disas_cases
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

# The disassembler's expected output: seeded random encodings of every table entry
# (gen_disas_cases.c), assembled and linked at 0x80000000 (branches also at 0),
# stripped so objdump prints plain addresses, then disassembled by objdump.
DISAS_CASES    := $(UNIT_BUILD)/disas_cases.S
DISAS_ELF      := $(UNIT_BUILD)/disas_cases.elf
DISAS_EXPECTED := $(UNIT_BUILD)/disas_objdump.tsv

$(BUILD)/san/$(UNIT_DIR)/%.o: $(UNIT_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) $(CHECK_CFLAGS) $(SANITIZE) -O1 -c -o $@ $<

$(UNIT_BIN): $(UNIT_OBJS) $(EMU_SAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(SANITIZE) -o $@ $^ $(EMU_LIBS) $(CHECK_LIBS)

# The generator is a build tool, not a test: it links the plain objects, so a bug the
# sanitizers catch in the decoder fails the tests that exercise it, not the build.
$(BUILD)/unit/gen_disas_cases.o: $(UNIT_DIR)/gen_disas_cases.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) -c -o $@ $<

$(UNIT_GEN): $(BUILD)/unit/gen_disas_cases.o $(EMU_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(EMU_LIBS)

$(DISAS_CASES): $(UNIT_GEN)
	$(UNIT_GEN) > $@.tmp && mv $@.tmp $@

$(DISAS_ELF): $(DISAS_CASES)
	$(RV_CC) $(RV_ARCH_GC) -nostdlib -nostartfiles -static -s -Wl,--no-warn-rwx-segments \
		-Wl,-Ttext=0x80000000 -Wl,--section-start=.lowtext=0 -Wl,-e,0x80000000 -o $@ $<

$(DISAS_EXPECTED): $(DISAS_ELF) $(UNIT_DIR)/objdump_table.awk
	$(RV_OBJDUMP) -d -M no-aliases $< | awk -f $(UNIT_DIR)/objdump_table.awk > $@.tmp
	mv $@.tmp $@

test-unit: $(UNIT_BIN) $(DISAS_EXPECTED)
	$(UNIT_BIN) $(DISAS_EXPECTED)

.PHONY: test-unit
TEST_TARGETS += test-unit

-include $(UNIT_OBJS:.o=.d) $(BUILD)/unit/gen_disas_cases.d
