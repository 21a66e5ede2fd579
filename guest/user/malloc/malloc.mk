# guest/user/malloc/malloc.mk — the user-space allocator. Host binaries: Check unit tests
# and a randomized test under ASan+UBSan, and a trace-driven benchmark against glibc;
# plus a compile-only check of the guest (RISC-V, freestanding) objects.

MALLOC_DIR  := guest/user/malloc
MALLOC_OUT  := $(BUILD)/malloc
MALLOC_LIB  := heap malloc stats
MALLOC_HOST := $(MALLOC_LIB) os_host
MALLOC_GUEST_OBJS := $(patsubst %,$(MALLOC_OUT)/rv/%.o,$(MALLOC_LIB) os_linux random_test)

MALLOC_TEST   := $(MALLOC_OUT)/test_malloc
MALLOC_RANDOM := $(MALLOC_OUT)/random_malloc
MALLOC_BENCH  := $(MALLOC_OUT)/bench_malloc
MALLOC_TRACES := $(MALLOC_OUT)/traces/.stamp

# Operations per fit policy in the randomized test (three policies run).
MALLOC_RANDOM_OPS ?= 1000000

$(MALLOC_OUT)/asan/%.o: $(MALLOC_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) $(shell pkg-config --cflags check) -c $< -o $@

$(MALLOC_OUT)/opt/%.o: $(MALLOC_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(MALLOC_OUT)/rv/%.o: $(MALLOC_DIR)/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ARCH) -ffreestanding -O2 -Wall -Wextra -Werror -DPG_MALLOC_GUEST -MMD -MP -c $< -o $@

$(MALLOC_TEST): $(patsubst %,$(MALLOC_OUT)/asan/%.o,$(MALLOC_HOST) test_malloc)
	$(CC) $(SANITIZE) $^ $(shell pkg-config --libs check) -o $@

$(MALLOC_RANDOM): $(patsubst %,$(MALLOC_OUT)/asan/%.o,$(MALLOC_HOST) random_test random_main)
	$(CC) $(SANITIZE) $^ -o $@

$(MALLOC_BENCH): $(patsubst %,$(MALLOC_OUT)/opt/%.o,$(MALLOC_HOST) bench_malloc)
	$(CC) $^ -o $@

$(MALLOC_TRACES): $(MALLOC_DIR)/trace_gen.py
	@mkdir -p $(@D)
	python3 $< $(@D)
	@touch $@

.PHONY: test-malloc bench-malloc
test-malloc: $(MALLOC_TEST) $(MALLOC_RANDOM) $(MALLOC_GUEST_OBJS)
	$(MALLOC_TEST)
	$(MALLOC_RANDOM) $(MALLOC_RANDOM_OPS)

bench-malloc: $(MALLOC_BENCH) $(MALLOC_TRACES)
	$(MALLOC_BENCH) $(wildcard $(MALLOC_OUT)/traces/*.trace)

ALL_TARGETS   += $(MALLOC_TEST) $(MALLOC_RANDOM) $(MALLOC_BENCH) $(MALLOC_GUEST_OBJS)
TEST_TARGETS  += test-malloc
BENCH_TARGETS += bench-malloc

-include $(wildcard $(MALLOC_OUT)/*/*.d)
