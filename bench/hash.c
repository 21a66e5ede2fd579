/* Strings and hashing: builds a 64 KiB text of words drawn from a vocabulary of
 * pseudo-random words, then, each round, splits it into words, hashes each (FNV-1a)
 * and counts it in an open-addressing table, comparing bytes on collisions. */
#include "bench.h"

const char workload_name[] = "hash";

#define TEXT_BYTES 65536
#define VOCAB 1500
#define TABLE_SLOTS 4096 /* power of two, well above VOCAB */
#define ROUNDS BENCH_SIZE(430, 1)

struct slot {
    const char *word;
    uint32_t len;
    uint32_t hash;
    uint32_t count;
};

static char text[TEXT_BYTES];
static char vocab[VOCAB][12];
static struct slot table[TABLE_SLOTS];

static uint32_t fnv1a(const char *s, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static int same_bytes(const char *a, const char *b, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static NOINLINE void count_word(const char *w, uint32_t len)
{
    uint32_t h = fnv1a(w, len);
    for (uint32_t i = h & (TABLE_SLOTS - 1);; i = (i + 1) & (TABLE_SLOTS - 1)) {
        struct slot *s = &table[i];
        if (!s->word) {
            s->word = w;
            s->len = len;
            s->hash = h;
            s->count = 1;
            return;
        }
        if (s->hash == h && s->len == len && same_bytes(s->word, w, len)) {
            s->count++;
            return;
        }
    }
}

static void make_text(void)
{
    uint64_t rng = 0x5851f42d4c957f2dull;
    for (int v = 0; v < VOCAB; v++) {
        uint64_t r = xorshift64(&rng);
        int len = 3 + (int)(r % 9);
        for (int k = 0; k < len; k++)
            vocab[v][k] = (char)('a' + (xorshift64(&rng) % 26));
        vocab[v][len] = 0;
    }
    size_t pos = 0;
    for (;;) {
        const char *w = vocab[xorshift64(&rng) % VOCAB];
        size_t len = 0;
        while (w[len])
            len++;
        if (pos + len + 1 >= TEXT_BYTES)
            break;
        for (size_t k = 0; k < len; k++)
            text[pos++] = w[k];
        text[pos++] = ' ';
    }
    text[pos] = 0;
}

uint64_t workload_run(void)
{
    make_text();
    uint64_t sum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < TABLE_SLOTS; i++)
            table[i].word = 0;
        /* Each round starts the text one word later, so rounds differ. */
        const char *p = text;
        for (int skip = 0; skip < round % 8 && *p; skip++) {
            while (*p && *p != ' ')
                p++;
            while (*p == ' ')
                p++;
        }
        while (*p) {
            const char *w = p;
            while (*p && *p != ' ')
                p++;
            count_word(w, (uint32_t)(p - w));
            while (*p == ' ')
                p++;
        }
        uint64_t distinct = 0;
        for (int i = 0; i < TABLE_SLOTS; i++)
            if (table[i].word) {
                distinct++;
                sum = checksum_mix(sum, (uint64_t)table[i].hash * table[i].count);
            }
        sum = checksum_mix(sum, distinct);
    }
    return sum;
}
