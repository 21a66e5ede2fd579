# The emulator: build/pagoda, plus an ASan/UBSan build of its objects for unit tests.
EMU_SRCS := $(wildcard emu/*.c emu/dev/*.c)
EMU_LIB_SRCS := $(filter-out emu/main.c,$(EMU_SRCS))
EMU_OBJS := $(EMU_SRCS:%.c=$(BUILD)/%.o)
EMU_LIB_OBJS := $(EMU_LIB_SRCS:%.c=$(BUILD)/%.o)
EMU_SAN_OBJS := $(EMU_LIB_SRCS:%.c=$(BUILD)/san/%.o)
EMU_CFLAGS := $(CFLAGS) -Iemu $(shell pkg-config --cflags libelf 2>/dev/null)
EMU_LIBS := -lelf -lfdt -ledit -lpthread

ALL_TARGETS += $(PAGODA)

$(PAGODA): $(EMU_OBJS)
	$(CC) $(EMU_CFLAGS) -o $@ $^ $(EMU_LIBS)

# The run loop dispatches by computed goto from the end of every operation; without
# these, GCC merges the dispatches into one shared indirect jump (mispredicted).
EMU_LOOP_CFLAGS := -fno-gcse -fno-crossjumping
$(BUILD)/emu/hart.o: EMU_CFLAGS += $(EMU_LOOP_CFLAGS)

$(BUILD)/emu/%.o: emu/%.c
	@mkdir -p $(dir $@)
	$(CC) $(EMU_CFLAGS) -c -o $@ $<

$(BUILD)/san/emu/%.o: emu/%.c
	@mkdir -p $(dir $@)
	$(CC) $(EMU_CFLAGS) $(SANITIZE) -O1 -c -o $@ $<

-include $(EMU_OBJS:.o=.d) $(EMU_SAN_OBJS:.o=.d)
