/* Just enough of the flattened device tree (devicetree spec v0.4, ch. 5) to learn
 * which harts exist (the "reg" of each enabled /cpus/cpu@N node) and where the first
 * RAM bank is (the first "reg" entry of the first /memory node). */
#include "fw.h"

#define FDT_MAGIC       0xd00dfeedu
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static bool starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return false;
    return true;
}

static unsigned long align4(unsigned long x)
{
    return (x + 3) & ~3ul;
}

/* A cpu node being read: its hart id and whether it is usable. */
struct cpu_node {
    bool is_cpu, has_reg, disabled;
    unsigned long hartid;
};

static int finish_cpu(const struct cpu_node *c)
{
    if (!c->is_cpu || !c->has_reg || c->disabled || c->hartid >= FW_MAX_HARTS)
        return 0;
    if (harts[c->hartid].present)
        return 0;
    harts[c->hartid].present = 1;
    return 1;
}

/* Reads a cells-long big-endian number (1 or 2 cells). */
static unsigned long read_cells(const uint8_t *p, uint32_t cells)
{
    return cells == 1 ? be32(p) : ((unsigned long)be32(p) << 32) | be32(p + 4);
}

int fdt_scan(unsigned long dtb, unsigned long *mem_base, unsigned long *mem_size)
{
    if (dtb == 0 || (dtb & 3) || be32((void *)dtb) != FDT_MAGIC)
        return 0;
    uint32_t addr_cells = 2, size_cells = 1;       /* the spec's defaults */
    bool in_memory = false;
    const uint8_t *base = (const uint8_t *)dtb;
    const uint8_t *p = base + be32(base + 8);           /* off_dt_struct */
    const uint8_t *end = p + be32(base + 36);           /* size_dt_struct */
    const char *strings = (const char *)base + be32(base + 12);

    int depth = 0, cpus_depth = -1, found = 0;
    struct cpu_node cpu = { 0 };
    while (p < end) {
        uint32_t tok = be32(p);
        p += 4;
        if (tok == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            unsigned long len = 0;
            while (name[len])
                len++;
            p += align4(len + 1);
            depth++;
            if (depth == 2 && str_eq(name, "cpus"))
                cpus_depth = depth;
            in_memory = depth == 2 && starts_with(name, "memory@");
            if (cpus_depth > 0 && depth == cpus_depth + 1) {
                cpu = (struct cpu_node){ 0 };
                cpu.is_cpu = starts_with(name, "cpu@");
            }
        } else if (tok == FDT_END_NODE) {
            if (cpus_depth > 0 && depth == cpus_depth + 1)
                found += finish_cpu(&cpu);
            if (depth == cpus_depth)
                cpus_depth = -1;
            in_memory = false;
            depth--;
        } else if (tok == FDT_PROP) {
            uint32_t len = be32(p);
            const char *pname = strings + be32(p + 4);
            const uint8_t *val = p + 8;
            p += 8 + align4(len);
            if (depth == 1 && len == 4 && str_eq(pname, "#address-cells"))
                addr_cells = be32(val);
            if (depth == 1 && len == 4 && str_eq(pname, "#size-cells"))
                size_cells = be32(val);
            if (in_memory && *mem_size == 0 && str_eq(pname, "reg") &&
                (addr_cells == 1 || addr_cells == 2) && (size_cells == 1 || size_cells == 2) &&
                len >= 4 * (addr_cells + size_cells)) {
                *mem_base = read_cells(val, addr_cells);
                *mem_size = read_cells(val + 4 * addr_cells, size_cells);
            }
            if (cpus_depth < 0 || depth != cpus_depth + 1)
                continue;
            if (str_eq(pname, "reg") && (len == 4 || len == 8)) {
                cpu.hartid = len == 4 ? be32(val)
                                      : ((unsigned long)be32(val) << 32) | be32(val + 4);
                cpu.has_reg = true;
            } else if (str_eq(pname, "device_type")) {
                cpu.is_cpu = str_eq((const char *)val, "cpu");
            } else if (str_eq(pname, "status")) {
                cpu.disabled = !str_eq((const char *)val, "okay") &&
                               !str_eq((const char *)val, "ok");
            }
        } else if (tok == FDT_NOP) {
            continue;
        } else {
            break;                                      /* FDT_END or garbage */
        }
    }
    return found;
}
