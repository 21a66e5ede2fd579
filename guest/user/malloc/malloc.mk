# guest/user/malloc/malloc.mk — the user-space allocator. Host binaries: Check unit tests
# and a randomized test under ASan+UBSan, a trace-driven benchmark against glibc; guest
# (RISC-V, freestanding) objects, and from them a qemu-user smoke program.

MALLOC_DIR  := guest/user/malloc
MALLOC_OUT  := $(BUILD)/malloc
MALLOC_LIB  := heap malloc stats
MALLOC_HOST := $(MALLOC_LIB) os_host
MALLOC_GUEST_OBJS := $(patsubst %,$(MALLOC_OUT)/rv/%.o,$(MALLOC_LIB) os_linux random_test)

MALLOC_TEST   := $(MALLOC_OUT)/test_malloc
MALLOC_RANDOM := $(MALLOC_OUT)/random_malloc
MALLOC_BENCH  := $(MALLOC_OUT)/bench_malloc
MALLOC_TRACES := $(MALLOC_OUT)/traces/.stamp
MALLOC_TRACE_FILES := $(patsubst %,$(MALLOC_OUT)/traces/%.trace,small realloc trees mixed)
MALLOC_SMOKE  := $(MALLOC_OUT)/rv/guest_smoke
MALLOC_QEMU   := $(shell command -v qemu-riscv64 2>/dev/null)

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

# A static riscv64 Linux program (its own _start, no libc) for the qemu-user smoke run.
$(MALLOC_SMOKE): $(MALLOC_GUEST_OBJS) $(MALLOC_OUT)/rv/guest_smoke.o
	$(RV_CC) $(RV_ARCH) -nostdlib -static $^ -o $@

$(MALLOC_TRACES): $(MALLOC_DIR)/trace_gen.py
	@mkdir -p $(@D)
	python3 $< $(@D)
	@touch $@

.PHONY: test-malloc bench-malloc
test-malloc: $(MALLOC_TEST) $(MALLOC_RANDOM) $(MALLOC_SMOKE)
	$(MALLOC_TEST)
	$(MALLOC_RANDOM) $(MALLOC_RANDOM_OPS)
	$(if $(MALLOC_QEMU),$(MALLOC_QEMU) $(MALLOC_SMOKE),@echo "test-malloc: no qemu-riscv64, guest smoke run skipped")

bench-malloc: $(MALLOC_BENCH) $(MALLOC_TRACES)
	$(MALLOC_BENCH) $(MALLOC_TRACE_FILES)

ALL_TARGETS   += $(MALLOC_TEST) $(MALLOC_RANDOM) $(MALLOC_BENCH) $(MALLOC_SMOKE)
TEST_TARGETS  += test-malloc
BENCH_TARGETS += bench-malloc

-include $(wildcard $(MALLOC_OUT)/*/*.d)
