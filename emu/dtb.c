/* Device tree generation. Node names, compatibles and properties follow what QEMU's
 * virt board provides, so firmware and kernels written for it find the same devices. */
#include "dtb.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#include "csr.h"
#include "dev/clint.h"
#include "dev/finisher.h"
#include "dev/plic.h"
#include "dev/trace.h"
#include "dev/uart.h"
#include "dev/virtio.h"

#define CHECK(x) do { if ((x) < 0) goto fail; } while (0)

static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
    fdt64_t r[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };
    return fdt_property(fdt, "reg", r, sizeof r);
}

void *dtb_build(const struct dtb_params *p, size_t *size)
{
    size_t cap = 16384;
    void *fdt = malloc(cap);
    char name[64];
    uint32_t intc_phandle[8], test_phandle = 100, plic_phandle = 101;
    if (!fdt)
        return NULL;
    CHECK(fdt_create(fdt, (int)cap));
    CHECK(fdt_finish_reservemap(fdt));
    CHECK(fdt_begin_node(fdt, ""));
    CHECK(fdt_property_u32(fdt, "#address-cells", 2));
    CHECK(fdt_property_u32(fdt, "#size-cells", 2));
    CHECK(fdt_property_string(fdt, "compatible", "riscv-virtio"));
    CHECK(fdt_property_string(fdt, "model", "Pagoda virt"));

    CHECK(fdt_begin_node(fdt, "chosen"));
    snprintf(name, sizeof name, "/soc/serial@%llx", (unsigned long long)UART_BASE);
    CHECK(fdt_property_string(fdt, "stdout-path", name));
    if (p->bootargs)
        CHECK(fdt_property_string(fdt, "bootargs", p->bootargs));
    if (p->swap_len)        /* Pagoda OS enables these at boot (guest/README.md) */
        CHECK(fdt_property(fdt, "pagoda,swap", p->swap, (int)p->swap_len));
    if (p->initrd_end > p->initrd_start) {
        CHECK(fdt_property_u64(fdt, "linux,initrd-start", p->initrd_start));
        CHECK(fdt_property_u64(fdt, "linux,initrd-end", p->initrd_end));
    }
    CHECK(fdt_end_node(fdt));

    snprintf(name, sizeof name, "memory@%llx", (unsigned long long)p->ram_base);
    CHECK(fdt_begin_node(fdt, name));
    CHECK(fdt_property_string(fdt, "device_type", "memory"));
    CHECK(prop_reg(fdt, p->ram_base, p->ram_size));
    CHECK(fdt_end_node(fdt));

    CHECK(fdt_begin_node(fdt, "cpus"));
    CHECK(fdt_property_u32(fdt, "#address-cells", 1));
    CHECK(fdt_property_u32(fdt, "#size-cells", 0));
    CHECK(fdt_property_u32(fdt, "timebase-frequency", 10000000));
    for (int i = 0; i < p->nharts; i++) {
        intc_phandle[i] = (uint32_t)(1 + i);
        snprintf(name, sizeof name, "cpu@%d", i);
        CHECK(fdt_begin_node(fdt, name));
        CHECK(fdt_property_string(fdt, "device_type", "cpu"));
        CHECK(fdt_property_u32(fdt, "reg", (uint32_t)i));
        CHECK(fdt_property_string(fdt, "status", "okay"));
        CHECK(fdt_property_string(fdt, "compatible", "riscv"));
        CHECK(fdt_property_string(fdt, "riscv,isa", "rv64imafdc_zicntr_zicsr_zifencei_sstc"));
        /* the same as Linux's newer binding: a base and a string list */
        static const char exts[] = "i\0m\0a\0f\0d\0c\0zicntr\0zicsr\0zifencei\0sstc";
        CHECK(fdt_property_string(fdt, "riscv,isa-base", "rv64i"));
        CHECK(fdt_property(fdt, "riscv,isa-extensions", exts, sizeof exts));
        CHECK(fdt_property_string(fdt, "mmu-type", "riscv,sv39"));
        CHECK(fdt_begin_node(fdt, "interrupt-controller"));
        CHECK(fdt_property_u32(fdt, "#interrupt-cells", 1));
        CHECK(fdt_property(fdt, "interrupt-controller", NULL, 0));
        CHECK(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
        CHECK(fdt_property_u32(fdt, "phandle", intc_phandle[i]));
        CHECK(fdt_end_node(fdt));
        CHECK(fdt_end_node(fdt));
    }
    CHECK(fdt_end_node(fdt));

    CHECK(fdt_begin_node(fdt, "soc"));
    CHECK(fdt_property_u32(fdt, "#address-cells", 2));
    CHECK(fdt_property_u32(fdt, "#size-cells", 2));
    CHECK(fdt_property_string(fdt, "compatible", "simple-bus"));
    CHECK(fdt_property(fdt, "ranges", NULL, 0));

    snprintf(name, sizeof name, "clint@%llx", (unsigned long long)CLINT_BASE);
    CHECK(fdt_begin_node(fdt, name));
    static const char clint_compat[] = "sifive,clint0\0riscv,clint0";
    CHECK(fdt_property(fdt, "compatible", clint_compat, sizeof clint_compat));
    CHECK(prop_reg(fdt, CLINT_BASE, CLINT_SIZE));
    {
        fdt32_t ie[4 * 8];
        for (int i = 0; i < p->nharts; i++) {
            ie[4 * i + 0] = cpu_to_fdt32(intc_phandle[i]);
            ie[4 * i + 1] = cpu_to_fdt32(3);    /* machine software interrupt */
            ie[4 * i + 2] = cpu_to_fdt32(intc_phandle[i]);
            ie[4 * i + 3] = cpu_to_fdt32(7);    /* machine timer interrupt */
        }
        CHECK(fdt_property(fdt, "interrupts-extended", ie,
                           sizeof(fdt32_t) * 4 * (size_t)p->nharts));
    }
    CHECK(fdt_end_node(fdt));

    /* PLIC: each hart's M-mode (11) and S-mode (9) external interrupt lines. */
    snprintf(name, sizeof name, "plic@%llx", (unsigned long long)PLIC_BASE);
    CHECK(fdt_begin_node(fdt, name));
    static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
    CHECK(fdt_property(fdt, "compatible", plic_compat, sizeof plic_compat));
    CHECK(fdt_property_u32(fdt, "#address-cells", 0));
    CHECK(fdt_property_u32(fdt, "#interrupt-cells", 1));
    CHECK(fdt_property(fdt, "interrupt-controller", NULL, 0));
    CHECK(prop_reg(fdt, PLIC_BASE, PLIC_SIZE));
    CHECK(fdt_property_u32(fdt, "riscv,ndev", PLIC_NSRC - 1));
    {
        fdt32_t ie[4 * 8];
        for (int i = 0; i < p->nharts; i++) {
            ie[4 * i + 0] = cpu_to_fdt32(intc_phandle[i]);
            ie[4 * i + 1] = cpu_to_fdt32(11);   /* machine external interrupt */
            ie[4 * i + 2] = cpu_to_fdt32(intc_phandle[i]);
            ie[4 * i + 3] = cpu_to_fdt32(9);    /* supervisor external interrupt */
        }
        CHECK(fdt_property(fdt, "interrupts-extended", ie,
                           sizeof(fdt32_t) * 4 * (size_t)p->nharts));
    }
    CHECK(fdt_property_u32(fdt, "phandle", plic_phandle));
    CHECK(fdt_end_node(fdt));

    snprintf(name, sizeof name, "serial@%llx", (unsigned long long)UART_BASE);
    CHECK(fdt_begin_node(fdt, name));
    CHECK(fdt_property_string(fdt, "compatible", "ns16550a"));
    CHECK(prop_reg(fdt, UART_BASE, UART_SIZE));
    CHECK(fdt_property_u32(fdt, "clock-frequency", 3686400));
    CHECK(fdt_property_u32(fdt, "interrupts", PLIC_IRQ_UART));
    CHECK(fdt_property_u32(fdt, "interrupt-parent", plic_phandle));
    CHECK(fdt_end_node(fdt));

    /* All eight virtio-mmio slots, empty or not, as on QEMU; slot 0 first, so Linux
     * probes the first disk first and names it vda. */
    for (int i = 0; i < VIRTIO_MMIO_SLOTS; i++) {
        uint64_t base = VIRTIO_MMIO_BASE + (uint64_t)i * VIRTIO_MMIO_SIZE;
        snprintf(name, sizeof name, "virtio_mmio@%llx", (unsigned long long)base);
        CHECK(fdt_begin_node(fdt, name));
        CHECK(fdt_property_string(fdt, "compatible", "virtio,mmio"));
        CHECK(prop_reg(fdt, base, VIRTIO_MMIO_SIZE));
        CHECK(fdt_property_u32(fdt, "interrupts", PLIC_IRQ_VIRTIO(i)));
        CHECK(fdt_property_u32(fdt, "interrupt-parent", plic_phandle));
        CHECK(fdt_end_node(fdt));
    }

    snprintf(name, sizeof name, "test@%llx", (unsigned long long)FINISHER_BASE);
    CHECK(fdt_begin_node(fdt, name));
    static const char test_compat[] = "sifive,test1\0sifive,test0\0syscon";
    CHECK(fdt_property(fdt, "compatible", test_compat, sizeof test_compat));
    CHECK(prop_reg(fdt, FINISHER_BASE, FINISHER_SIZE));
    CHECK(fdt_property_u32(fdt, "phandle", test_phandle));
    CHECK(fdt_end_node(fdt));

    /* Pagoda's own trace device (emu/dev/trace.h): at an address QEMU's virt leaves
     * free, so a kernel that looks for it finds nothing there on QEMU. */
    snprintf(name, sizeof name, "trace@%llx", (unsigned long long)TRACE_BASE);
    CHECK(fdt_begin_node(fdt, name));
    CHECK(fdt_property_string(fdt, "compatible", "pagoda,trace"));
    CHECK(prop_reg(fdt, TRACE_BASE, TRACE_SIZE));
    CHECK(fdt_end_node(fdt));
    CHECK(fdt_end_node(fdt));                   /* soc */

    /* riscv,pmu (OpenSBI's binding, its docs/pmu_support.md), so that firmware other than
     * Pagoda's maps the standard SBI events onto Pagoda's hpm events as firmware/pmu.c
     * does: the mhpmevent value of each event_idx, the counters that can count it (3..31,
     * and the fixed cycle and instret for those two), and raw events (event data =
     * mhpmevent value: bits 15:0 and the mode bits 16-18, nothing above) on 3..31. */
    static const uint32_t pmu_events[][2] = {
        { 0x00001, HPM_CYCLE }, { 0x00002, HPM_INSTRET },
        { 0x10018, HPM_DTLB_LOAD_ACCESS }, { 0x10019, HPM_DTLB_LOAD_MISS },
        { 0x1001a, HPM_DTLB_STORE_ACCESS }, { 0x1001b, HPM_DTLB_STORE_MISS },
        { 0x10020, HPM_ITLB_ACCESS }, { 0x10021, HPM_ITLB_MISS },
    };
    enum { NPMU = sizeof pmu_events / sizeof pmu_events[0], HPM_COUNTER_MASK = 0xfffffff8 };
    fdt32_t to_event[NPMU * 3], to_counters[NPMU * 3];
    for (int i = 0; i < NPMU; i++) {
        uint32_t idx = pmu_events[i][0], fixed = idx == 1 ? 1u << 0 : idx == 2 ? 1u << 2 : 0;
        to_event[3 * i] = to_counters[3 * i] = to_counters[3 * i + 1] = cpu_to_fdt32(idx);
        to_event[3 * i + 1] = 0;
        to_event[3 * i + 2] = cpu_to_fdt32(pmu_events[i][1]);
        to_counters[3 * i + 2] = cpu_to_fdt32(HPM_COUNTER_MASK | fixed);
    }
    const fdt32_t raw[5] = { 0, 0, cpu_to_fdt32(0xffffffff), cpu_to_fdt32(0xfff80000),
                             cpu_to_fdt32(HPM_COUNTER_MASK) };
    CHECK(fdt_begin_node(fdt, "pmu"));
    CHECK(fdt_property_string(fdt, "compatible", "riscv,pmu"));
    CHECK(fdt_property(fdt, "riscv,event-to-mhpmevent", to_event, sizeof to_event));
    CHECK(fdt_property(fdt, "riscv,event-to-mhpmcounters", to_counters, sizeof to_counters));
    CHECK(fdt_property(fdt, "riscv,raw-event-to-mhpmcounters", raw, sizeof raw));
    CHECK(fdt_end_node(fdt));

    CHECK(fdt_begin_node(fdt, "poweroff"));
    CHECK(fdt_property_string(fdt, "compatible", "syscon-poweroff"));
    CHECK(fdt_property_u32(fdt, "regmap", test_phandle));
    CHECK(fdt_property_u32(fdt, "offset", 0));
    CHECK(fdt_property_u32(fdt, "value", 0x5555));
    CHECK(fdt_end_node(fdt));
    CHECK(fdt_begin_node(fdt, "reboot"));
    CHECK(fdt_property_string(fdt, "compatible", "syscon-reboot"));
    CHECK(fdt_property_u32(fdt, "regmap", test_phandle));
    CHECK(fdt_property_u32(fdt, "offset", 0));
    CHECK(fdt_property_u32(fdt, "value", 0x7777));
    CHECK(fdt_end_node(fdt));

    CHECK(fdt_end_node(fdt));                   /* root */
    CHECK(fdt_finish(fdt));
    *size = fdt_totalsize(fdt);
    return fdt;
fail:
    free(fdt);
    return NULL;
}
