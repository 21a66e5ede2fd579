# guest/user/user.mk — guest user space: libpagoda.a (crt0, system-call wrappers, the
# stdio binding and our malloc, over Debian's picolibc), the programs in guest/user/bin
# and the test programs in tests/guest/progs. Each program is a static riscv64 Linux
# ELF, so it also runs under qemu-riscv64.

USER_DIR     := guest/user
USER_OUT     := $(BUILD)/guest/user
PICOLIBC     := /usr/lib/picolibc/riscv64-unknown-elf
USER_LIBC    := $(PICOLIBC)/lib/rv64imac/lp64/libc.a
USER_CFLAGS  := $(RV_ARCH) -O2 -g -Wall -Wextra -Werror -std=gnu11 -fno-common \
                -ffunction-sections -fdata-sections -ftls-model=local-exec -D_GNU_SOURCE \
                -I$(USER_DIR)/include -I$(USER_DIR)/gc -isystem $(PICOLIBC)/include -MMD -MP
# -march without extensions picks the rv64imac/lp64 multilib of libgcc.
USER_LDFLAGS := -march=rv64imac -mabi=lp64 -static -nostdlib -Wl,--gc-sections
USER_LIB     := $(USER_OUT)/libpagoda.a
USER_CRT0    := $(USER_OUT)/lib/crt0.o
USER_LIB_SRCS := $(filter-out $(USER_DIR)/lib/crt0.S,$(wildcard $(USER_DIR)/lib/*.c))
USER_LIB_OBJS := $(patsubst $(USER_DIR)/lib/%.c,$(USER_OUT)/lib/%.o,$(USER_LIB_SRCS)) \
                 $(patsubst %,$(USER_OUT)/malloc/%.o,heap malloc stats os_linux) \
                 $(patsubst %,$(USER_OUT)/pg_gc/%.o,$(GC_LIB))
USER_LINK     = $(RV_CC) $(USER_LDFLAGS) $(USER_CRT0) $< -Wl,--start-group $(USER_LIB) \
                $(USER_LIBC) -lgcc -Wl,--end-group -o $@

$(USER_OUT)/lib/%.o: $(USER_DIR)/lib/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -c $< -o $@

$(USER_CRT0): $(USER_DIR)/lib/crt0.S
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -c $< -o $@

# The allocator as its README prescribes; its errno goes through our __errno_location
# because picolibc's errno is thread-local.
$(USER_OUT)/malloc/%.o: $(USER_DIR)/malloc/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ARCH) -O2 -g -ffreestanding -DPG_MALLOC_GUEST -Wall -Wextra -Werror \
	    -ffunction-sections -fdata-sections '-Derrno=(*__errno_location())' -MMD -MP -c $< -o $@

# The garbage-collected heap (guest/user/gc): <pg_gc.h> for every program.
$(USER_OUT)/pg_gc/%.o: $(USER_DIR)/gc/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -c $< -o $@

$(USER_LIB): $(USER_LIB_OBJS)
	@rm -f $@
	$(RV_PREFIX)ar rcs $@ $^

$(USER_OUT)/bin/%.o: $(USER_DIR)/bin/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -c $< -o $@

$(USER_OUT)/bin/%: $(USER_OUT)/bin/%.o $(USER_LIB) $(USER_CRT0)
	$(USER_LINK)

$(USER_OUT)/tests/%.o: tests/guest/progs/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(USER_CFLAGS) -c $< -o $@

$(USER_OUT)/tests/%: $(USER_OUT)/tests/%.o $(USER_LIB) $(USER_CRT0)
	$(USER_LINK)

# The same library for rv64gc with doubles in f registers (lp64d), which pagoda-cc
# links by default; the guest's own programs stay rv64imac.
USER_GC_OUT  := $(USER_OUT)/gc
USER_GC_LIB  := $(USER_GC_OUT)/libpagoda.a
USER_GC_CRT0 := $(USER_GC_OUT)/lib/crt0.o
USER_GC_CFLAGS := $(RV_ARCH_GC) $(filter-out $(RV_ARCH),$(USER_CFLAGS))
USER_GC_OBJS := $(patsubst $(USER_OUT)/%,$(USER_GC_OUT)/%,$(USER_LIB_OBJS))

$(USER_GC_OUT)/lib/%.o: $(USER_DIR)/lib/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(USER_GC_CFLAGS) -c $< -o $@

$(USER_GC_CRT0): $(USER_DIR)/lib/crt0.S
	@mkdir -p $(@D)
	$(RV_CC) $(USER_GC_CFLAGS) -c $< -o $@

$(USER_GC_OUT)/malloc/%.o: $(USER_DIR)/malloc/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ARCH_GC) -O2 -g -ffreestanding -DPG_MALLOC_GUEST -Wall -Wextra -Werror \
	    -ffunction-sections -fdata-sections '-Derrno=(*__errno_location())' -MMD -MP -c $< -o $@

$(USER_GC_OUT)/pg_gc/%.o: $(USER_DIR)/gc/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(USER_GC_CFLAGS) -c $< -o $@

$(USER_GC_LIB): $(USER_GC_OBJS)
	@rm -f $@
	$(RV_PREFIX)ar rcs $@ $^

ALL_TARGETS += $(USER_GC_LIB) $(USER_GC_CRT0)

-include $(wildcard $(USER_OUT)/*/*.d) $(wildcard $(USER_GC_OUT)/*/*.d)
