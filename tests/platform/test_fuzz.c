/* A ring fuzzer for virtio-blk: seeded random queue sizes, descriptor tables, indirect
 * tables, available-ring indices, flags, lengths and addresses (in RAM, straddling its
 * edges, in the ROM, in MMIO, anywhere), plus random register writes, fed to the
 * device many thousand times under ASan/UBSan.
 *
 * Checked after every notify: the first 64 KiB of RAM (never a buffer on purpose)
 * and the ROM are unchanged; and when exactly one request was offered on a known queue
 * layout, a reference walk of the chain (made before the notify, from the ring rules
 * the device documents) predicts the outcome: a malformed chain sets NEEDS_RESET and
 * consumes nothing, a well-formed one is consumed with the predicted status, used
 * length and data, and the backing file changes exactly where a valid OUT said. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

#define GUARD_END  (P_RAM_BASE + 0x10000)
#define QZONE      (P_RAM_BASE + 0x10000)
#define QZONE_END  (P_RAM_BASE + 0x20000)
#define ITABLES    (P_RAM_BASE + 0x1c000)
#define DZONE      (P_RAM_BASE + 0x20000)
#define RAM_END    (P_RAM_BASE + P_RAM_SIZE)
#define MAX_BUFS   VIRTQ_MAX_SIZE

static struct plat *p;
static uint64_t rng;
static uint8_t guard[0x10000], rom[P_ROM_SIZE];
static uint8_t shadow[P_DISK_SECTORS * 512], disk[P_DISK_SECTORS * 512];
static struct drv_queue q;
static bool layout_known;       /* queue 0 is at Q_DESC/Q_AVAIL/Q_USED, size q.num */

static struct {
    unsigned checked, consumed, broken, outs_ok, ins_ok, iterations;
} stats;

static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}
static uint64_t below(uint64_t n) { return n ? rnd() % n : 0; }
static bool chance(unsigned pct) { return below(100) < pct; }

static bool in_ram(uint64_t pa, uint64_t len)
{
    return pa >= P_RAM_BASE && len <= P_RAM_SIZE && pa - P_RAM_BASE <= P_RAM_SIZE - len;
}

/* ---- generation ---- */

static uint32_t gen_len(void)
{
    switch (below(10)) {
    case 0: case 1: case 2: case 3: return (uint32_t)(512 * (1 + below(8)));
    case 4: case 5: return (uint32_t)below(700);
    case 6: return 16;
    case 7: return 1;
    case 8: return (uint32_t)rnd();
    default: return 0;
    }
}

/* A buffer address for len bytes: mostly in the data zone, sometimes anywhere else
 * but in the guard zone (reaching it only by straddling RAM's start, which the device
 * must refuse). */
static uint64_t gen_addr(uint32_t len)
{
    uint64_t dsize = RAM_END - DZONE;
    if (chance(85) && len <= dsize)
        return DZONE + below(dsize - len + 1);
    switch (below(9)) {
    case 0: return P_ROM_BASE + below(P_ROM_SIZE);
    case 1: return P_RAM_BASE - 1 - below(4096);               /* straddles the start */
    case 2: return RAM_END - (len ? below(len) : 0);            /* straddles the end */
    case 3: return RAM_END + below(1ull << 32);
    case 4: return 0;
    case 5: return rnd();
    case 6: return VIRTIO_MMIO_BASE + below(0x1000);
    case 7: return PLIC_BASE + below(0x1000);
    default: return len <= 0x10000 ? QZONE + below(0x10000 - len + 1) : rnd();
    }
}

/* Fills the whole table (n entries) with random descriptors. */
static void gen_garbage(uint64_t table, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint32_t len = gen_len();
        uint16_t flags = (uint16_t)(chance(50) ? below(8) : rnd());
        uint16_t next = (uint16_t)(chance(80) ? below(n + 1) : rnd());
        put_desc(p, table, i, gen_addr(len), len, flags, next);
    }
}

/* Writes a plausible request on entries idx[0..] of table; returns how many were
 * used (at most max). */
static unsigned gen_request(uint64_t table, const uint16_t *idx, unsigned max)
{
    struct { uint64_t addr; uint32_t len; uint16_t flags; } d[8];
    unsigned n = 0;
    static const uint32_t types[] = { VIRTIO_BLK_T_IN, VIRTIO_BLK_T_OUT, VIRTIO_BLK_T_FLUSH,
                                      VIRTIO_BLK_T_GET_ID };
    uint32_t type = chance(85) ? types[below(4)] : (uint32_t)rnd();
    uint64_t sector = chance(80) ? below(P_DISK_SECTORS + 2)
                    : chance(50) ? P_DISK_SECTORS - below(4) : rnd();
    uint64_t hdr = DZONE + below(RAM_END - DZONE - 16);
    put32(p, hdr, type);
    put32(p, hdr + 4, (uint32_t)rnd());
    put64(p, hdr + 8, sector);
    if (chance(15)) {
        d[n++] = (typeof(d[0])){ hdr, 8, 0 };
        d[n++] = (typeof(d[0])){ hdr + 8, 8, 0 };
    } else {
        d[n++] = (typeof(d[0])){ hdr, 16, 0 };
    }
    unsigned ndata = (unsigned)below(4);
    bool writable = type != VIRTIO_BLK_T_OUT;
    for (unsigned k = 0; k < ndata; k++) {
        uint32_t len = chance(80) ? (uint32_t)(512 * (1 + below(4))) : gen_len();
        d[n++] = (typeof(d[0])){ gen_addr(len), len, writable ? VIRTQ_DESC_F_WRITE : 0 };
    }
    d[n++] = (typeof(d[0])){ chance(90) ? DZONE + below(RAM_END - DZONE) : gen_addr(1), 1,
                             VIRTQ_DESC_F_WRITE };
    if (n > max)
        n = max;
    for (unsigned k = 0; k < n; k++) {
        uint16_t flags = d[k].flags | (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
        put_desc(p, table, idx[k], d[k].addr, d[k].len, flags,
                     k + 1 < n ? idx[k + 1] : (uint16_t)rnd());
    }
    /* a few mutations */
    for (unsigned m = 0; chance(30) && m < 3; m++) {
        uint64_t at = table + 16ull * idx[below(n)];
        switch (below(4)) {
        case 0: put16(p, at + 12, (uint16_t)(get16(p, at + 12) ^ (1u << below(3)))); break;
        case 1: put16(p, at + 14, (uint16_t)rnd()); break;
        case 2: put32(p, at + 8, gen_len()); break;
        default: put64(p, at, gen_addr(get32(p, at + 8))); break;
        }
    }
    return n;
}

/* Distinct random indices 0..n-1 (a partial shuffle). */
static void pick_indices(uint16_t *idx, unsigned n, unsigned count)
{
    static uint16_t perm[VIRTQ_MAX_SIZE];
    for (unsigned i = 0; i < n; i++)
        perm[i] = (uint16_t)i;
    for (unsigned i = 0; i < count && i < n; i++) {
        unsigned j = i + (unsigned)below(n - i);
        uint16_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        idx[i] = perm[i];
    }
}

/* Builds one request whose head is returned: direct in the queue's table, or through
 * an indirect table. */
static uint16_t gen_head(void)
{
    uint16_t idx[8];
    unsigned n = q.num;
    if (chance(25)) {                           /* random garbage */
        gen_garbage(q.desc, n);
        return (uint16_t)(chance(90) ? below(n) : rnd());
    }
    if (chance(25)) {                           /* indirect */
        unsigned tlen = 1 + (unsigned)below(8);
        uint64_t table = ITABLES + 16 * below(64);
        if (chance(70))                         /* in order from entry 0 */
            for (unsigned i = 0; i < tlen; i++)
                idx[i] = (uint16_t)i;
        else
            pick_indices(idx, tlen, tlen);
        unsigned used = gen_request(table, idx, tlen);
        uint16_t head = (uint16_t)below(n);
        uint32_t bytes = chance(85) ? 16 * tlen : chance(50) ? (uint32_t)(16 * used) : gen_len();
        if (chance(30))
            gen_garbage(table, tlen);
        put_desc(p, q.desc, head, table, bytes,
                     (uint16_t)(VIRTQ_DESC_F_INDIRECT | (chance(5) ? below(8) : 0)), (uint16_t)below(n));
        /* the first entry of the table is the chain's start */
        if (idx[0] != 0)
            put_desc(p, table, 0, table + 16ull * idx[0], 0, VIRTQ_DESC_F_NEXT, idx[0]);
        return head;
    }
    unsigned want = n < 8 ? n : 8;
    pick_indices(idx, n, want);
    gen_request(q.desc, idx, want);
    return idx[0];
}

/* ---- the reference walk ---- */

struct ref {
    bool ok;
    unsigned nout, nin;
    uint64_t out_len, in_len;
    struct { uint64_t addr; uint32_t len; } b[MAX_BUFS];
};
static struct ref ref;

/* The ring rules of virtio.c, restated: see read_chain there. */
static bool ref_walk(uint16_t head)
{
    uint64_t table = q.desc, table_len = q.num, steps = 0;
    bool indirect = false;
    unsigned nb = 0;
    uint32_t i = head;
    memset(&ref, 0, offsetof(struct ref, b));
    for (;;) {
        if (i >= table_len || ++steps > table_len)
            return false;
        uint64_t d = table + 16ull * i;
        uint64_t addr = get32(p, d) | (uint64_t)get32(p, d + 4) << 32;
        uint32_t len = get32(p, d + 8);
        uint16_t flags = get16(p, d + 12), next = get16(p, d + 14);
        if (flags & VIRTQ_DESC_F_INDIRECT) {
            if (indirect || (flags & VIRTQ_DESC_F_NEXT) || len == 0 || len % 16 ||
                len / 16 > VIRTQ_MAX_SIZE || !in_ram(addr, len))
                return false;
            indirect = true;
            table = addr;
            table_len = len / 16;
            steps = 0;
            i = 0;
            continue;
        }
        if (len) {
            if (!in_ram(addr, len) || nb == MAX_BUFS)
                return false;
            if (flags & VIRTQ_DESC_F_WRITE) {
                ref.nin++;
                ref.in_len += len;
            } else {
                if (ref.nin)
                    return false;
                ref.nout++;
                ref.out_len += len;
            }
            ref.b[nb].addr = addr;
            ref.b[nb++].len = len;
        }
        if (!(flags & VIRTQ_DESC_F_NEXT))
            return ref.ok = true;
        i = next;
    }
}

/* Copies bytes [off, off+len) of buffers b[first..first+n) from RAM. */
static void ref_gather(unsigned first, unsigned n, uint64_t off, uint8_t *out, uint64_t len)
{
    for (unsigned k = first; k < first + n && len; k++) {
        if (off >= ref.b[k].len) {
            off -= ref.b[k].len;
            continue;
        }
        uint64_t c = ref.b[k].len - off < len ? ref.b[k].len - off : len;
        memcpy(out, ram(p, ref.b[k].addr + off), c);
        out += c;
        len -= c;
        off = 0;
    }
}

/* The writable address of byte off of the device-writable part. */
static uint64_t ref_in_addr(uint64_t off)
{
    for (unsigned k = ref.nout; k < ref.nout + ref.nin; k++) {
        if (off < ref.b[k].len)
            return ref.b[k].addr + off;
        off -= ref.b[k].len;
    }
    return 0;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/* ---- the loop ---- */

static void check_memory(unsigned it)
{
    ck_assert_msg(memcmp(ram(p, P_RAM_BASE), guard, sizeof guard) == 0,
                  "iteration %u: guard RAM changed", it);
    ck_assert_msg(memcmp(p->bus.rom.host, rom, sizeof rom) == 0, "iteration %u: ROM changed", it);
}

static void reinit(void)
{
    static const uint32_t bad_sizes[] = { 0, 3, 6, 100, 1000, 2048, 65535 };
    uint32_t num = chance(90) ? 1u << below(11) : bad_sizes[below(7)];
    if (chance(60))
        num = 1u << below(5);                   /* small rings wrap more */
    drv_init(p, &q, num);
    layout_known = true;
    if (chance(5)) {                            /* a random layout */
        vio_wr(p, R_QUEUE_READY, 0);
        vio_wr(p, R_DESC_LO, (uint32_t)(chance(50) ? QZONE + below(0x10000) : rnd()));
        vio_wr(p, R_DRIVER_LO, (uint32_t)(chance(50) ? QZONE + below(0x10000) : rnd()));
        vio_wr(p, R_DEVICE_LO, (uint32_t)(chance(50) ? QZONE + below(0x10000) : rnd()));
        vio_wr(p, R_QUEUE_READY, 1);
        layout_known = false;
    }
    ck_assert_uint_eq(p->vm.q[0].last_avail, 0);
    q.avail_idx = 0;
}

static void chaos(void)
{
    for (unsigned k = 1 + (unsigned)below(4); k; k--) {
        uint64_t off = 4 * below(0x48);
        vio_wr(p, off, chance(50) ? (uint32_t)rnd() : (uint32_t)below(4));
    }
    layout_known = false;
}

static void one_iteration(unsigned it)
{
    struct virtq *vq = &p->vm.q[0];
    bool broken = vio_rd(p, R_STATUS) & VIRTIO_S_NEEDS_RESET;
    if (broken || !layout_known || !vq->ready || chance(2))
        reinit();
    if (chance(5))
        chaos();
    bool usable = layout_known && vq->ready && !p->vm.broken &&
                  (p->vm.status & VIRTIO_S_DRIVER_OK) && q.num && q.num <= VIRTQ_MAX_SIZE &&
                  !(q.num & (q.num - 1));
    if (!usable) {
        drv_notify(p);
        check_memory(it);
        disk_read_all(p, shadow);
        return;
    }

    /* one request, or (sometimes) several / a wild index */
    unsigned k = 1;
    bool multi = chance(10);
    uint16_t head = gen_head();
    q.avail_idx = vq->last_avail;
    if (multi) {
        k = (unsigned)below(q.num + 2);
        for (unsigned j = 0; j < k; j++)
            drv_publish(p, &q, j == 0 ? head : (uint16_t)(chance(80) ? below(q.num) : rnd()));
        if (chance(30))
            put16(p, q.avail + 2, (uint16_t)rnd());
    } else {
        drv_publish(p, &q, head);
    }
    uint16_t used_before = vq->used_idx;

    bool predict = !multi;
    bool chain_ok = false, header_ok = false;
    uint8_t want_status = 0;
    uint64_t want_used_len = 0;
    static uint8_t out_data[sizeof shadow];   /* a valid OUT fits the disk */
    uint64_t out_sector = 0, out_bytes = 0;
    uint32_t type = 0;
    uint64_t sector = 0;
    if (predict) {
        chain_ok = ref_walk(head);
        header_ok = chain_ok && ref.out_len >= 16 && ref.in_len >= 1;
        if (header_ok) {
            uint8_t h[16];
            ref_gather(0, ref.nout, 0, h, 16);
            type = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
            for (int b = 15; b >= 8; b--)
                sector = sector << 8 | h[b];
            uint64_t data_out = ref.out_len - 16, data_in = ref.in_len - 1;
            bool in_range_out = data_out % 512 == 0 && sector <= P_DISK_SECTORS &&
                                data_out / 512 <= P_DISK_SECTORS - sector;
            bool in_range_in = data_in % 512 == 0 && sector <= P_DISK_SECTORS &&
                               data_in / 512 <= P_DISK_SECTORS - sector;
            want_used_len = 1;
            if (ref.out_len + ref.in_len > VIRTIO_BLK_MAX_REQUEST) {
                want_status = VIRTIO_BLK_S_IOERR;
            } else if (type == VIRTIO_BLK_T_IN) {
                want_status = in_range_in ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
                if (in_range_in)
                    want_used_len = data_in + 1;
            } else if (type == VIRTIO_BLK_T_OUT) {
                want_status = in_range_out ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
                if (in_range_out) {
                    out_sector = sector;
                    out_bytes = data_out;
                    ck_assert(out_bytes <= sizeof out_data);    /* bounded by RAM */
                    ref_gather(0, ref.nout, 16, out_data, out_bytes);
                }
            } else if (type == VIRTIO_BLK_T_FLUSH) {
                want_status = VIRTIO_BLK_S_OK;
            } else if (type == VIRTIO_BLK_T_GET_ID) {
                want_status = VIRTIO_BLK_S_OK;
                want_used_len = (data_in < 20 ? data_in : 20) + 1;
            } else {
                want_status = VIRTIO_BLK_S_UNSUPP;
            }
        }
    }

    drv_notify(p);
    check_memory(it);
    disk_read_all(p, disk);

    if (!predict) {
        memcpy(shadow, disk, sizeof disk);
        return;
    }
    stats.checked++;
    if (!header_ok) {
        ck_assert_msg(p->vm.broken, "iteration %u: malformed request accepted", it);
        ck_assert_uint_eq(vq->used_idx, used_before);
        ck_assert_msg(memcmp(disk, shadow, sizeof disk) == 0,
                      "iteration %u: disk changed by a malformed request", it);
        stats.broken++;
        return;
    }
    ck_assert_msg(!p->vm.broken, "iteration %u: well-formed request refused (%s)", it,
                  p->vm.error);
    ck_assert_uint_eq(vq->used_idx, (uint16_t)(used_before + 1));
    stats.consumed++;
    uint64_t elem = q.used + 4 + 8ull * (used_before % q.num);
    ck_assert_uint_eq(get32(p, elem), head);
    ck_assert_uint_eq(get32(p, elem + 4), want_used_len);
    uint64_t status_at = ref_in_addr(ref.in_len - 1);
    if (!overlaps(status_at, 1, QZONE, QZONE_END - QZONE))
        ck_assert_msg(*ram(p, status_at) == want_status, "iteration %u: status %u, want %u",
                      it, *ram(p, status_at), want_status);
    if (out_bytes) {
        memcpy(shadow + out_sector * 512, out_data, out_bytes);
        stats.outs_ok++;
    }
    ck_assert_msg(memcmp(disk, shadow, sizeof disk) == 0,
                  "iteration %u: disk differs from the prediction (type %u sector %llu)",
                  it, type, (unsigned long long)sector);
    /* a read into disjoint buffers outside the queue areas holds the disk's bytes */
    if (type == VIRTIO_BLK_T_IN && want_status == VIRTIO_BLK_S_OK && ref.nin <= 16) {
        bool clean = true;
        for (unsigned a = ref.nout; a < ref.nout + ref.nin; a++) {
            clean &= !overlaps(ref.b[a].addr, ref.b[a].len, QZONE, QZONE_END - QZONE);
            for (unsigned b = a + 1; b < ref.nout + ref.nin; b++)
                clean &= !overlaps(ref.b[a].addr, ref.b[a].len, ref.b[b].addr, ref.b[b].len);
        }
        if (clean) {
            static uint8_t got[sizeof shadow];
            uint64_t n = ref.in_len - 1;
            ref_gather(ref.nout, ref.nin, 0, got, n);
            ck_assert_msg(memcmp(got, shadow + sector * 512, n) == 0,
                          "iteration %u: read returned the wrong bytes", it);
            stats.ins_ok++;
        }
    }
}

static void fuzz(uint64_t seed, unsigned iterations)
{
    rng = seed;
    p = plat_new(1, false);
    for (size_t i = 0; i < sizeof guard; i++)
        guard[i] = (uint8_t)rnd();
    memcpy(ram(p, P_RAM_BASE), guard, sizeof guard);
    memcpy(rom, p->bus.rom.host, sizeof rom);
    memcpy(shadow, p->disk0, sizeof shadow);
    for (size_t i = 0x20000; i < P_RAM_SIZE; i++)
        *ram(p, P_RAM_BASE + i) = (uint8_t)rnd();
    reinit();
    memset(&stats, 0, sizeof stats);
    for (unsigned it = 0; it < iterations; it++)
        one_iteration(it);
    /* the oracle must have had real work: well-formed reads and writes, and errors */
    ck_assert_msg(stats.consumed > iterations / 10 && stats.broken > iterations / 20 &&
                  stats.outs_ok > iterations / 100 && stats.ins_ok > iterations / 100,
                  "seed %llu: checked %u consumed %u broken %u outs %u ins %u",
                  (unsigned long long)seed, stats.checked, stats.consumed, stats.broken,
                  stats.outs_ok, stats.ins_ok);
    printf("fuzz seed %016llx: %u iterations, %u predicted: %u consumed (%u writes, %u reads "
           "compared), %u malformed\n", (unsigned long long)seed, iterations, stats.checked,
           stats.consumed, stats.outs_ok, stats.ins_ok, stats.broken);
    plat_free(p);
}

START_TEST(test_fuzz_seed_1) { fuzz(0x9e3779b97f4a7c15ull, 20000); }
END_TEST
START_TEST(test_fuzz_seed_2) { fuzz(0x243f6a8885a308d3ull, 20000); }
END_TEST
START_TEST(test_fuzz_seed_3) { fuzz(0xb7e151628aed2a6bull, 20000); }
END_TEST

Suite *fuzz_suite(void)
{
    Suite *s = suite_create("fuzz");
    TCase *tc = tcase_create("rings");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_fuzz_seed_1);
    tcase_add_test(tc, test_fuzz_seed_2);
    tcase_add_test(tc, test_fuzz_seed_3);
    suite_add_tcase(s, tc);
    return s;
}
