/* fdt.c — reads the flattened device tree the firmware passes in a1: memory, reserved
 * ranges, /chosen (bootargs, initrd), the timebase, the harts (/cpus), and the UART,
 * PLIC, RTC and virtio-mmio nodes; /chosen/pagoda,swap names the disks Pagoda's --swap
 * made.
 * The format is the devicetree specification's: big-endian header, a structure block
 * of BEGIN_NODE/PROP/END_NODE tokens, and a strings block for property names. */
#include "kernel.h"

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9
#define MAX_DEPTH      16

struct fdt_header {
    uint32_t magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap;
    uint32_t version, last_comp_version, boot_cpuid_phys, size_dt_strings, size_dt_struct;
};

struct prop {
    const uint8_t *val;
    uint32_t len;
};

/* What one node said about itself; acted on at its END_NODE. */
struct node {
    const char *name;
    uint32_t addr_cells, size_cells;   /* for this node's children */
    struct prop reg, compatible, interrupts, device_type, status;
};

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t be64(const void *p)
{
    return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4);
}

/* A number of 1 or 2 cells. */
static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
    return cells == 2 ? be64(p) : be32(p);
}

static bool has_compatible(const struct prop *p, const char *want)
{
    const char *s = (const char *)p->val, *end = s + p->len;
    while (s < end) {
        if (strcmp(s, want) == 0)
            return true;
        s += strnlen(s, end - s) + 1;
    }
    return false;
}

/* The first (base, size) pair of a node's reg, in its parent's cells. */
static bool first_reg(const struct node *n, const struct node *parent, uint64_t *base, uint64_t *size)
{
    uint32_t ac = parent->addr_cells, sc = parent->size_cells;
    if (n->reg.len < 4 * (ac + sc) || ac > 2 || sc > 2)
        return false;
    *base = read_cells(n->reg.val, ac);
    *size = sc ? read_cells(n->reg.val + 4 * ac, sc) : 0;
    return true;
}

static void add_reserved(struct boot_info *bi, uint64_t base, uint64_t size)
{
    if (size && bi->nreserved < (int)ARRAY_SIZE(bi->reserved)) {
        bi->reserved[bi->nreserved].base = base;
        bi->reserved[bi->nreserved].size = size;
        bi->nreserved++;
    }
}

static void chosen_prop(struct boot_info *bi, const char *name, struct prop p)
{
    if (strcmp(name, "bootargs") == 0)
        strlcpy(bi->bootargs, (const char *)p.val, MIN(sizeof bi->bootargs, (size_t)p.len + 1));
    else if (strcmp(name, "pagoda,swap") == 0) {
        /* a string list: its NULs become commas, as in swap=DEV,DEV */
        size_t n = MIN(sizeof bi->swap - 1, (size_t)p.len);
        for (size_t i = 0; i < n; i++)
            bi->swap[i] = p.val[i] ? (char)p.val[i] : ',';
        bi->swap[n] = 0;
    } else if (strcmp(name, "linux,initrd-start") == 0)
        bi->initrd_start = p.len == 8 ? be64(p.val) : be32(p.val);
    else if (strcmp(name, "linux,initrd-end") == 0)
        bi->initrd_end = p.len == 8 ? be64(p.val) : be32(p.val);
}

/* A node is complete: keep what we need from it. */
static void finish_node(struct boot_info *bi, struct node *stack, int depth)
{
    struct node *n = &stack[depth], *parent = &stack[depth - 1];
    uint64_t base, size;
    bool ok = depth > 0 && first_reg(n, parent, &base, &size);
    if (!ok)
        return;
    bool enabled = !n->status.len || strcmp((const char *)n->status.val, "okay") == 0 ||
                   strcmp((const char *)n->status.val, "ok") == 0;
    if (depth == 2 && strcmp(parent->name, "cpus") == 0 && n->device_type.len &&
        strcmp((const char *)n->device_type.val, "cpu") == 0) {
        if (enabled && bi->nharts < (int)ARRAY_SIZE(bi->hartids))
            bi->hartids[bi->nharts++] = base;
        return;
    }
    if (n->device_type.len && strcmp((const char *)n->device_type.val, "memory") == 0) {
        if (!bi->ram_size) {
            bi->ram_base = base;
            bi->ram_size = size;
        }
    } else if (depth == 2 && strcmp(parent->name, "reserved-memory") == 0) {
        add_reserved(bi, base, size);
    } else if (has_compatible(&n->compatible, "ns16550a") ||
               has_compatible(&n->compatible, "ns16550")) {
        if (!bi->uart_pa) {
            bi->uart_pa = base;
            if (n->interrupts.len >= 4)
                bi->uart_irq = be32(n->interrupts.val);
        }
    } else if (has_compatible(&n->compatible, "riscv,plic0") ||
               has_compatible(&n->compatible, "sifive,plic-1.0.0")) {
        bi->plic_pa = base;
    } else if (has_compatible(&n->compatible, "google,goldfish-rtc")) {
        bi->rtc_pa = base;
    } else if (has_compatible(&n->compatible, "sifive,test0")) {
        bi->finisher_pa = base;
    } else if (has_compatible(&n->compatible, "pagoda,trace")) {
        bi->trace_pa = base;
    } else if (has_compatible(&n->compatible, "virtio,mmio") &&
               bi->nvirtio < (int)ARRAY_SIZE(bi->virtio)) {
        bi->virtio[bi->nvirtio].pa = base;
        bi->virtio[bi->nvirtio++].irq = n->interrupts.len >= 4 ? be32(n->interrupts.val) : 0;
    }
}

static void node_prop(struct boot_info *bi, struct node *stack, int depth,
                      const char *name, struct prop p)
{
    struct node *n = &stack[depth];
    if (strcmp(name, "#address-cells") == 0 && p.len == 4)
        n->addr_cells = be32(p.val);
    else if (strcmp(name, "#size-cells") == 0 && p.len == 4)
        n->size_cells = be32(p.val);
    else if (strcmp(name, "reg") == 0)
        n->reg = p;
    else if (strcmp(name, "compatible") == 0)
        n->compatible = p;
    else if (strcmp(name, "interrupts") == 0)
        n->interrupts = p;
    else if (strcmp(name, "device_type") == 0)
        n->device_type = p;
    else if (strcmp(name, "status") == 0)
        n->status = p;
    else if (strcmp(name, "timebase-frequency") == 0 && p.len >= 4)
        bi->timebase_hz = p.len == 8 ? be64(p.val) : be32(p.val);
    if (depth == 1 && strcmp(n->name, "chosen") == 0)
        chosen_prop(bi, name, p);
}

/* Fills *bi from the DTB at dtb_pa (reached through the direct map). 0, or -1 if the
 * blob is not a device tree. */
int fdt_parse(uint64_t dtb_pa, struct boot_info *bi)
{
    const uint8_t *fdt = P2V(dtb_pa);
    const struct fdt_header *h = (const void *)fdt;
    if (be32(&h->magic) != FDT_MAGIC)
        return -1;
    bi->dtb_pa = dtb_pa;
    bi->dtb_size = be32(&h->totalsize);

    for (const uint8_t *r = fdt + be32(&h->off_mem_rsvmap); be64(r + 8); r += 16)
        add_reserved(bi, be64(r), be64(r + 8));

    const uint8_t *p = fdt + be32(&h->off_dt_struct);
    const uint8_t *end = p + be32(&h->size_dt_struct);
    const char *strings = (const char *)fdt + be32(&h->off_dt_strings);
    struct node stack[MAX_DEPTH];
    int depth = -1;
    while (p < end) {
        uint32_t token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            p += ROUND_UP(strlen(name) + 1, 4);
            if (++depth >= MAX_DEPTH)
                return -1;
            memset(&stack[depth], 0, sizeof stack[depth]);
            stack[depth].name = name;
            stack[depth].addr_cells = 2;
            stack[depth].size_cells = 1;
        } else if (token == FDT_END_NODE) {
            if (depth < 0)
                return -1;
            finish_node(bi, stack, depth);
            depth--;
        } else if (token == FDT_PROP) {
            struct prop prop = { p + 8, be32(p) };
            const char *name = strings + be32(p + 4);
            p += 8 + ROUND_UP(prop.len, 4);
            if (depth >= 0)
                node_prop(bi, stack, depth, name, prop);
        } else if (token == FDT_END) {
            break;
        } else if (token != FDT_NOP) {
            return -1;
        }
    }
    return 0;
}
