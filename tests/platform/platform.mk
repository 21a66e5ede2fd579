# Platform tests: the PLIC, virtio-mmio and virtio-blk. Check suites under ASan/UBSan
# (register semantics, every malformed-ring case, a seeded ring fuzzer), a bare-metal
# virtio-blk driver run on pagoda and on QEMU with the backing file checked from the
# host, disk option errors, the generated device tree, and an interrupt-driven driver
# (irq.c: UART THRE/RX, virtio-blk, timer) whose output must be the same on pagoda and
# on QEMU (irq_run.py). `make test-platform`.

PLAT_DIR   := tests/platform
PLAT_BUILD := $(BUILD)/platform
PLAT_SRCS  := $(PLAT_DIR)/main.c $(PLAT_DIR)/fixture.c $(sort $(wildcard $(PLAT_DIR)/test_*.c))
PLAT_OBJS  := $(PLAT_SRCS:%.c=$(BUILD)/san/%.o)
PLAT_BIN   := $(PLAT_BUILD)/platform_tests
PLAT_ELF   := $(PLAT_BUILD)/blk.elf
PLAT_IRQ_ELF := $(PLAT_BUILD)/irq.elf
PLAT_CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
PLAT_CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

$(BUILD)/san/$(PLAT_DIR)/%.o: $(PLAT_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) $(PLAT_CHECK_CFLAGS) $(SANITIZE) -O1 -c -o $@ $<

$(PLAT_BIN): $(PLAT_OBJS) $(EMU_SAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(SANITIZE) -o $@ $^ $(EMU_LIBS) $(PLAT_CHECK_LIBS)

$(PLAT_BUILD)/%.elf: $(PLAT_DIR)/%.c $(PLAT_DIR)/bare_virtio.h $(PLAT_DIR)/crt.S $(PLAT_DIR)/link.ld
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ARCH) -O2 -ffreestanding -nostdlib -nostartfiles -Wall -Werror \
	    -Wl,--no-warn-rwx-segments -T $(PLAT_DIR)/link.ld -o $@ $(PLAT_DIR)/crt.S $<

# Both halves run even when the first fails.
test-platform: $(PLAT_BIN) $(PAGODA) $(PLAT_ELF) $(PLAT_IRQ_ELF)
	@st=0; $(PLAT_BIN) || st=1; \
	sh $(PLAT_DIR)/run.sh $(PAGODA) $(PLAT_BUILD) || st=1; \
	python3 $(PLAT_DIR)/irq_run.py $(PAGODA) $(PLAT_IRQ_ELF) $(PLAT_BUILD) || st=1; exit $$st

.PHONY: test-platform
TEST_TARGETS += test-platform

-include $(PLAT_OBJS:.o=.d)
