# guest/guest.mk — the guest OS images and how to boot and test them.
#   roms/kernel.elf        the kernel (guest/kernel/kernel.mk)
#   roms/initramfs.cpio    user programs packed by tools/mkinitramfs.py
#   make run               boots build/pagoda interactively on the default images
#   make test-guest        scripted sessions on pagoda and QEMU, qemu-riscv64 oracle,
#                          robustness tests (tests/guest/run.py)
#   make test-guest-smp    the full sessions again with -smp 4, TLB coherence (tlb_test)
#   make bench-guest       boot time and fork/exec costs in guest instructions
# Variables are defined here because this file is read before the fragments below it.

GUEST_OUT    := $(BUILD)/guest
GUEST_BIN    := echo cat ls ps kill sleep mkdir rm wc true false uptime poweroff reboot sh
# Everyday tools (coreutils, grep, findutils, procps and GNU time behaviour). Aliases
# are second names of one program, which looks at the name it was run by.
GUEST_BIN    += head grep cp touch uname env which sort uniq xargs seq yes dd time watch
GUEST_ALIASES := tail=head mv=cp
GUEST_SBIN   := init
GUEST_TESTS  := proc_test pipe_test file_test efault_test jobctl_test forkbomb crash fuzz kfuzz bench thread_test
GUEST_ROOTFS := $(GUEST_OUT)/rootfs
INITRAMFS    := roms/initramfs.cpio
OPENSBI_JUMP := /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
GUEST_FIRMWARE = $(if $(wildcard roms/firmware.bin),roms/firmware.bin,$(OPENSBI_JUMP))
# Virtual memory: the tools that show it, its tests and its benchmark.
GUEST_BIN    += pmap free vmstat
GUEST_TESTS  += mmap_test vm_test vm_counters vm_stress vm_bench
# Swap: the tools, the tests (tests/swap) and the working-set benchmark.
GUEST_BIN    += swapon swapoff
GUEST_TESTS  += swap_thrash swap_fork swap_oom swap_ws swap_file
# Counters: tlbstat (perf stat for the TLB) and the perf_event_open test.
GUEST_BIN    += tlbstat
GUEST_TESTS  += perf_test
# Locks and limits: atomic pipe and append writes under swap, huge mappings and files.
GUEST_TESTS  += atomic_test limits_test longcall stress
# Garbage collection: the benchmark tool over the collectors (guest/user/gc).
GUEST_BIN    += gcbench
# Several harts: TLB coherence (stale translations, counted shootdowns).
GUEST_TESTS  += tlb_test

GUEST_PROGS := $(addprefix $(GUEST_OUT)/user/bin/,$(GUEST_BIN) $(GUEST_SBIN)) \
               $(addprefix $(GUEST_OUT)/user/tests/,$(GUEST_TESTS))
# Kept after the stripped copies are made: the qemu-riscv64 oracle runs them.
.SECONDARY: $(GUEST_PROGS)
GUEST_ETC   := $(wildcard guest/user/etc/*)
GUEST_DATA  := $(wildcard tests/guest/data/*)
# The image holds stripped copies; build/guest/user keeps the ones with symbols.
GUEST_STAGED := $(addprefix $(GUEST_ROOTFS)/bin/,$(GUEST_BIN)) \
                $(addprefix $(GUEST_ROOTFS)/sbin/,$(GUEST_SBIN)) \
                $(addprefix $(GUEST_ROOTFS)/test/,$(GUEST_TESTS))

$(GUEST_ROOTFS)/bin/% $(GUEST_ROOTFS)/sbin/%: $(GUEST_OUT)/user/bin/%
	@mkdir -p $(@D)
	$(RV_PREFIX)strip -o $@ $<

$(GUEST_ROOTFS)/test/%: $(GUEST_OUT)/user/tests/%
	@mkdir -p $(@D)
	$(RV_PREFIX)strip -o $@ $<

$(INITRAMFS): $(GUEST_STAGED) $(GUEST_ETC) $(GUEST_DATA) tools/mkinitramfs.py
	@mkdir -p $(@D)
	python3 tools/mkinitramfs.py $@ \
	    $(foreach f,$(GUEST_STAGED),$(f:$(GUEST_ROOTFS)/%=%)=$(f)) \
	    $(foreach a,$(GUEST_ALIASES),bin/$(subst =,=$(GUEST_ROOTFS)/bin/,$(a))) \
	    $(foreach f,$(GUEST_ETC),etc/$(notdir $(f))=$(f)) \
	    $(foreach f,$(GUEST_DATA),test/data/$(notdir $(f))=$(f)) tmp/ root/

ALL_TARGETS += $(INITRAMFS)

# `make run`: the shell on pagoda, in this terminal (Ctrl-A x quits).
run: deps build-all
	$(PAGODA) -bios $(GUEST_FIRMWARE) -kernel roms/kernel.elf -initrd $(INITRAMFS)

.PHONY: run-qemu test-guest test-guest-smp bench-guest
run-qemu: roms/kernel.elf $(INITRAMFS)
	qemu-system-riscv64 -M virt -nographic -kernel roms/kernel.elf -initrd $(INITRAMFS)

# Both boot Pagoda with our firmware (roms/firmware.bin): build it first, or run.py
# would fall back to OpenSBI's fw_jump, whose fence-request counts differ.
test-guest: roms/kernel.elf $(INITRAMFS) $(PAGODA) roms/firmware.bin
	python3 tests/guest/run.py test --pagoda $(PAGODA)

bench-guest: roms/kernel.elf $(INITRAMFS) $(PAGODA)
	python3 tests/guest/run.py bench --pagoda $(PAGODA)

# The same guest suites on four harts (Pagoda and QEMU), with TLB coherence checks.
test-guest-smp: roms/kernel.elf $(INITRAMFS) $(PAGODA) roms/firmware.bin
	python3 tests/guest/run.py test --pagoda $(PAGODA) --smp 4

TEST_TARGETS  += test-guest test-guest-smp
BENCH_TARGETS += bench-guest
