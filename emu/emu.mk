# The emulator: build/pagoda, plus an ASan/UBSan build of its objects for unit tests.
EMU_SRCS := $(wildcard emu/*.c emu/dev/*.c)
EMU_LIB_SRCS := $(filter-out emu/main.c,$(EMU_SRCS))
EMU_OBJS := $(EMU_SRCS:%.c=$(BUILD)/%.o)
EMU_LIB_OBJS := $(EMU_LIB_SRCS:%.c=$(BUILD)/%.o)
EMU_SAN_OBJS := $(EMU_LIB_SRCS:%.c=$(BUILD)/san/%.o)
EMU_CFLAGS := $(CFLAGS) -Iemu $(shell pkg-config --cflags libelf 2>/dev/null)
EMU_LIBS := -lelf -lfdt -ledit -lpthread -lm

ALL_TARGETS += $(PAGODA)

# The panel (emu/panel/) links SDL2 and zlib, and only into build/pagoda: the unit
# tests link $(EMU_SAN_OBJS) without it.
PANEL_SRCS := $(wildcard emu/panel/*.c)
PANEL_OBJS := $(PANEL_SRCS:%.c=$(BUILD)/%.o)
SDL_CFLAGS := $(shell pkg-config --cflags sdl2 2>/dev/null)
PANEL_LIBS := $(shell pkg-config --libs sdl2 2>/dev/null) -lz -lm
$(PANEL_OBJS): EMU_CFLAGS += $(SDL_CFLAGS)

$(PAGODA): $(EMU_OBJS) $(PANEL_OBJS)
	$(CC) $(EMU_CFLAGS) -o $@ $^ $(EMU_LIBS) $(PANEL_LIBS)

# The run loop dispatches by computed goto from the end of every operation; without
# these, GCC merges the dispatches into one shared indirect jump (mispredicted).
EMU_LOOP_CFLAGS := -fno-gcse -fno-crossjumping
$(BUILD)/emu/hart.o: EMU_CFLAGS += $(EMU_LOOP_CFLAGS)
# The FP fast paths (fpu.c, and the run loop's inline ones in hart.c) compute exactly
# one IEEE operation per C operation.
$(BUILD)/emu/fpu.o $(BUILD)/san/emu/fpu.o $(BUILD)/emu/hart.o $(BUILD)/san/emu/hart.o: \
    EMU_CFLAGS += -ffp-contract=off -fno-math-errno

$(BUILD)/emu/%.o: emu/%.c
	@mkdir -p $(dir $@)
	$(CC) $(EMU_CFLAGS) -c -o $@ $<

$(BUILD)/san/emu/%.o: emu/%.c
	@mkdir -p $(dir $@)
	$(CC) $(EMU_CFLAGS) $(SANITIZE) -O1 -c -o $@ $<

-include $(EMU_OBJS:.o=.d) $(EMU_SAN_OBJS:.o=.d) $(PANEL_OBJS:.o=.d)
