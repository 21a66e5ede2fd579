# guest/user/gc/gc.mk — the garbage-collected heap. Host binaries: Check unit tests and
# the randomized model test under ASan+UBSan, the benchmark (our collectors, and the
# same workloads on Debian's Boehm GC); the guest objects go into libpagoda.a
# (guest/user/user.mk) and the guest tests are in tests/gc-guest.

GC_DIR  := guest/user/gc
GC_OUT  := $(BUILD)/gc
GC_LIB  := gc types roots space freelist mark marksweep markcompact copying generational \
           refcount stats gc_os
GC_TEST   := $(GC_OUT)/test_gc
GC_RANDOM := $(GC_OUT)/random_gc
GC_QEMU   := $(shell command -v qemu-riscv64 2>/dev/null)

# Operations per collector variant in the randomized test (ten variants run).
GC_RANDOM_OPS ?= 300000

$(GC_OUT)/asan/%.o: $(GC_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) $(shell pkg-config --cflags check) -c $< -o $@

$(GC_OUT)/opt/%.o: $(GC_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(GC_TEST): $(patsubst %,$(GC_OUT)/asan/%.o,$(GC_LIB) random_test test_gc)
	$(CC) $(SANITIZE) $^ $(shell pkg-config --libs check) -o $@

$(GC_RANDOM): $(patsubst %,$(GC_OUT)/asan/%.o,$(GC_LIB) random_test random_main)
	$(CC) $(SANITIZE) $^ -o $@

.PHONY: test-gc
test-gc: $(GC_TEST) $(GC_RANDOM)
	$(GC_TEST)
	$(GC_RANDOM) $(GC_RANDOM_OPS)

ALL_TARGETS   += $(GC_TEST) $(GC_RANDOM)
TEST_TARGETS  += test-gc

-include $(wildcard $(GC_OUT)/*/*.d)
