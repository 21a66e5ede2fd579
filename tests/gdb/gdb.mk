# The gdb stub: sessions of Debian's gdb-multiarch against build/pagoda -gdb, the
# remote protocol checked packet by packet, and a seeded packet fuzzer.
GDB_PROGS := prog spin wfi
GDB_ELFS := $(GDB_PROGS:%=$(BUILD)/gdb/%.elf)
GDB_RV_FLAGS := $(RV_ARCH) -O0 -g -ffreestanding -nostdlib -nostartfiles -Wall -Werror \
                -Wl,--no-warn-rwx-segments -T tests/gdb/link.ld

$(BUILD)/gdb/%.elf: tests/gdb/%.c tests/gdb/crt.S tests/gdb/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(GDB_RV_FLAGS) -o $@ tests/gdb/crt.S $<

.PHONY: test-gdb
test-gdb: $(PAGODA) $(GDB_ELFS) $(BUILD)/isa/fp_misc.elf
	@python3 tests/gdb/gdb_session.py $(PAGODA) $(BUILD)/gdb
	@python3 tests/gdb/protocol.py $(PAGODA) $(BUILD)/gdb $(RV_PREFIX)nm
	@python3 tests/gdb/fuzz.py $(PAGODA) $(BUILD)/gdb

TEST_TARGETS += test-gdb
