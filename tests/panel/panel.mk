# The live panel (emu/panel/):
#   make test-panel    Check unit tests (timelines, colour/event mapping, the model, the
#                      trace device) under ASan/UBSan; then the headless screenshot
#                      test: the paging workload (workload.c) and an idle run rendered
#                      with --panel-png, checked by check_png.py; the flags; and,
#                      when Xvfb and xdotool are installed, the window's keys
#   make bench-panel   the emulator's slowdown with the panel window open (SDL's dummy
#                      video driver) on a TLB-heavy paging workload
PANEL_DIR   := tests/panel
PANEL_OUT   := $(BUILD)/panel
PANEL_WL    := $(PANEL_OUT)/workload.elf
PANEL_IDLE  := $(PANEL_OUT)/idle.elf
PANEL_LONG  := $(PANEL_OUT)/long.elf      # runs for hours: the window test's guest
PANEL_WL_DEPS := $(PANEL_DIR)/workload.c $(PANEL_DIR)/crt.S $(PANEL_DIR)/link.ld
PANEL_RVFLAGS := $(RV_ARCH) -O2 -ffreestanding -nostdlib -nostartfiles -static \
                 -Wall -Wextra -Werror -Wl,--no-warn-rwx-segments -T $(PANEL_DIR)/link.ld
PANEL_UNIT  := $(PANEL_OUT)/unit_tests
PANEL_UNIT_SRCS := $(PANEL_DIR)/unit_main.c $(sort $(wildcard $(PANEL_DIR)/test_*.c))
PANEL_UNIT_OBJS := $(PANEL_UNIT_SRCS:%.c=$(BUILD)/san/%.o)
# The panel's SDL-free parts, with the sanitizers like the rest of the emulator's.
PANEL_PURE_SAN := $(BUILD)/san/emu/panel/timeline.o $(BUILD)/san/emu/panel/model.o

$(PANEL_WL): $(PANEL_WL_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(PANEL_RVFLAGS) -o $@ $(PANEL_DIR)/crt.S $(PANEL_DIR)/workload.c

$(PANEL_IDLE): $(PANEL_WL_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(PANEL_RVFLAGS) -DIDLE -o $@ $(PANEL_DIR)/crt.S $(PANEL_DIR)/workload.c

$(PANEL_LONG): $(PANEL_WL_DEPS)
	@mkdir -p $(@D)
	$(RV_CC) $(PANEL_RVFLAGS) -DROUNDS=100000000 -o $@ $(PANEL_DIR)/crt.S $(PANEL_DIR)/workload.c

$(BUILD)/san/$(PANEL_DIR)/%.o: $(PANEL_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) $(CHECK_CFLAGS) $(SANITIZE) -O1 -c -o $@ $<

$(PANEL_UNIT): $(PANEL_UNIT_OBJS) $(PANEL_PURE_SAN) $(EMU_SAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(SANITIZE) -o $@ $^ $(EMU_LIBS) $(CHECK_LIBS) -lm

test-panel: $(PANEL_UNIT) $(PANEL_WL) $(PANEL_IDLE) $(PANEL_LONG) $(PAGODA)
	@$(PANEL_UNIT)
	@sh $(PANEL_DIR)/run.sh $(PAGODA) $(PANEL_OUT)

bench-panel: $(BENCH_OUT)/vm4k/tlbheavy.elf $(PAGODA)
	@python3 $(PANEL_DIR)/bench.py $(PAGODA) $(BENCH_OUT)/vm4k/tlbheavy.elf

.PHONY: test-panel bench-panel
ALL_TARGETS   += $(PANEL_WL) $(PANEL_IDLE) $(PANEL_LONG)
TEST_TARGETS  += test-panel
BENCH_TARGETS += bench-panel

-include $(PANEL_UNIT_OBJS:.o=.d)
-include $(PANEL_PURE_SAN:.o=.d)
