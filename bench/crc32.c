/* CRC-32 (IEEE 802.3, reflected, table-driven) over a 64 KiB pseudo-random buffer,
 * many passes; each pass's CRC seeds the next, so no pass can be skipped. */
#include "bench.h"

const char workload_name[] = "crc32";

#define BUF_BYTES 65536
#define PASSES BENCH_SIZE(830, 8)

static uint8_t buf[BUF_BYTES];
static uint32_t crc_table[256];

static void crc32_make_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static NOINLINE uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

uint64_t workload_run(void)
{
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < BUF_BYTES; i += 8) {
        uint64_t r = xorshift64(&rng);
        for (int k = 0; k < 8; k++)
            buf[i + k] = (uint8_t)(r >> (8 * k));
    }
    crc32_make_table();

    uint64_t sum = 0;
    uint32_t crc = 0;
    for (int pass = 0; pass < PASSES; pass++) {
        crc = crc32_update(crc, buf, BUF_BYTES);
        sum = checksum_mix(sum, crc);
        buf[pass % BUF_BYTES] ^= (uint8_t)crc;
    }
    /* Known answer: CRC-32 of "123456789" is 0xcbf43926. */
    if (crc32_update(0, (const uint8_t *)"123456789", 9) != 0xcbf43926u)
        sum = 0xbad;
    return sum;
}
