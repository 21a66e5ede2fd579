# Programs built with Debian's riscv64-linux-gnu-gcc -static (glibc, rv64gc/lp64d):
# each runs in the guest on Pagoda and under qemu-riscv64, and the two outputs (and exit
# statuses) must be byte-identical; the guest's lazy FP context is checked through
# /proc/vmstat, and fpexec checks that execve clears FP state (guest only).
GLIBC_CC    := riscv64-linux-gnu-gcc
GLIBC_NAMES := printf_doubles strtod mathfn qsort_malloc forkexec signals_fp nbody fpswitch \
               sysinfo pthreads \
               fpexec
GLIBC_OUT   := $(BUILD)/glibc
GLIBC_ELFS  := $(GLIBC_NAMES:%=$(GLIBC_OUT)/%)

$(GLIBC_OUT)/%: tests/glibc/progs/%.c
	@mkdir -p $(@D)
	$(GLIBC_CC) -static -O2 -Wall -Wextra -Werror -o $@ $< -lm

.PHONY: test-glibc
test-glibc: roms/kernel.elf $(INITRAMFS) $(PAGODA) roms/firmware.bin $(GLIBC_ELFS)
	@sh tests/glibc/run.sh $(PAGODA) $(GLIBC_OUT) $(GLIBC_NAMES)

TEST_TARGETS += test-glibc
