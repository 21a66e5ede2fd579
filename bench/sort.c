/* Sorting: quicksort (median of three, insertion sort below 16 elements) of a
 * pseudo-random 8192-element array, plus a plain insertion sort of a 256-element one,
 * each round. The checksum folds every sorted element, and is spoiled if either
 * result is out of order. */
#include "bench.h"

const char workload_name[] = "sort";

#define BIG_N 8192
#define SMALL_N 256
#define ROUNDS BENCH_SIZE(525, 4)
#define CUTOFF 16

static uint32_t big[BIG_N];
static uint32_t small[SMALL_N];

static void insertion_sort(uint32_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static inline void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

/* Sorts a[lo..hi] inclusive; recurses on the smaller side, loops on the larger. */
static NOINLINE void quicksort(uint32_t *a, long lo, long hi)
{
    while (hi - lo >= CUTOFF) {
        long mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo])
            swap(&a[mid], &a[lo]);
        if (a[hi] < a[lo])
            swap(&a[hi], &a[lo]);
        if (a[hi] < a[mid])
            swap(&a[hi], &a[mid]);
        uint32_t pivot = a[mid];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                swap(&a[i], &a[j]);
                i++;
                j--;
            }
        }
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a + lo, hi - lo + 1);
}

static uint64_t fold_sorted(uint64_t sum, const uint32_t *a, long n)
{
    for (long i = 0; i < n; i++) {
        if (i > 0 && a[i - 1] > a[i])
            return 0xbad;
        sum = checksum_mix(sum, a[i]);
    }
    return sum;
}

uint64_t workload_run(void)
{
    uint64_t rng = 0x2545f4914f6cdd1dull;
    uint64_t sum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (long i = 0; i < BIG_N; i++)
            big[i] = (uint32_t)xorshift64(&rng);
        for (long i = 0; i < SMALL_N; i++)
            small[i] = (uint32_t)xorshift64(&rng);
        quicksort(big, 0, BIG_N - 1);
        insertion_sort(small, SMALL_N);
        sum = fold_sorted(sum, big, BIG_N);
        sum = fold_sorted(sum, small, SMALL_N);
    }
    return sum;
}
