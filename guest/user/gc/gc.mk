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

$(GC_TEST): $(patsubst %,$(GC_OUT)/asan/%.o,$(GC_LIB) random_test workloads test_gc)
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

# The benchmark: the workloads on our collectors and on Boehm's (Debian libgc-dev),
# side by side on the host; then in the guest, pauses in instructions (gc_bench.py).
GC_BENCH       := $(GC_OUT)/bench_gc
GC_BENCH_BOEHM := $(GC_OUT)/bench_gc_boehm
GC_TRACES      := $(GC_OUT)/traces/compiler.trace

$(GC_OUT)/boehm/%.o: $(GC_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DWL_BOEHM -c $< -o $@

$(GC_BENCH): $(patsubst %,$(GC_OUT)/opt/%.o,$(GC_LIB) workloads bench_gc)
	$(CC) $^ -o $@

$(GC_BENCH_BOEHM): $(patsubst %,$(GC_OUT)/boehm/%.o,workloads bench_gc)
	$(CC) $^ -lgc -o $@

$(GC_OUT)/traces/compiler.trace: $(GC_DIR)/gc_trace_gen.py
	@mkdir -p $(@D)
	python3 $< $@ 1500000 1

$(GC_OUT)/traces/small.trace: $(GC_DIR)/gc_trace_gen.py
	@mkdir -p $(@D)
	python3 $< $@ 60000 2

ALL_TARGETS += $(GC_BENCH) $(GC_BENCH_BOEHM)

# /bin/gcbench in the guest image (guest/guest.mk lists it): the workloads on the heap
# the environment configures. The objects come from user.mk's rule for guest/user/gc
# (build/guest/user/pg_gc; build/guest/user/gc is the rv64gc ABI's libpagoda).
GC_GUEST_USER := $(BUILD)/guest/user
$(GC_GUEST_USER)/bin/gcbench: $(GC_GUEST_USER)/pg_gc/gcbench.o $(GC_GUEST_USER)/pg_gc/workloads.o \
                              $(GC_GUEST_USER)/libpagoda.a $(GC_GUEST_USER)/lib/crt0.o
	@mkdir -p $(@D)
	$(RV_CC) $(USER_LDFLAGS) $(USER_CRT0) $(filter %gcbench.o %workloads.o,$^) \
	    -Wl,--start-group $(USER_LIB) $(USER_LIBC) -lgcc -Wl,--end-group -o $@

# The guest half of the benchmark boots the standard images plus a medium trace.
GC_BENCH_INITRD := $(GC_OUT)/bench-initrd.cpio
$(GC_OUT)/traces/medium.trace: $(GC_DIR)/gc_trace_gen.py
	@mkdir -p $(@D)
	python3 $< $@ 400000 3

$(GC_BENCH_INITRD): $(GC_OUT)/traces/medium.trace roms/initramfs.cpio
	python3 tools/mkinitramfs.py $(GC_OUT)/bench-extra.cpio etc/gc/medium.trace=$<
	cat roms/initramfs.cpio $(GC_OUT)/bench-extra.cpio > $@

.PHONY: bench-gc
bench-gc: $(GC_BENCH) $(GC_BENCH_BOEHM) $(GC_TRACES) $(GC_BENCH_INITRD) $(PAGODA) roms/firmware.bin \
          roms/kernel.elf
	@python3 $(GC_DIR)/gc_bench.py --bench $(GC_BENCH) --boehm $(GC_BENCH_BOEHM) \
	    --trace $(GC_OUT)/traces/compiler.trace --pagoda $(PAGODA) \
	    --initrd $(GC_BENCH_INITRD) --guest-trace /etc/gc/medium.trace

BENCH_TARGETS += bench-gc
