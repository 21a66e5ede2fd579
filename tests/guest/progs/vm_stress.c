/* vm_stress — a seeded random walk of mmap, munmap, mprotect, madvise, fork and
 * touches over a small arena, each access checked against the program's own model of
 * what should be mapped there, with which permissions and which contents. A bad
 * access is caught (SIGSEGV handler, longjmp) and must be one the model predicted.
 * Its output depends only on the seed, so Pagoda and Linux (qemu-riscv64) must print
 * the same. Usage: vm_stress [SEED [OPS]] */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <stdbool.h>
#include "check.h"

#define PG 4096UL
#define NPAGES 192
#define ARENA ((volatile uint8_t *)0x2800000000UL)
#define SLOT 8                         /* the byte of each page the model follows */

enum { UNMAPPED, MAPPED };

struct page_model {
    uint8_t state, prot, shared, value;
};

static struct page_model model[NPAGES];
static uint64_t rng;
static jmp_buf probe_jmp;
static unsigned long mismatches, faults, ops;

static uint64_t next(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return rng >> 33;
}

static void on_segv(int sig)
{
    (void)sig;
    longjmp(probe_jmp, 1);
}

/* Reads (or writes value to) the followed byte of page i; 0, or -1 on a fault. */
static int probe(int i, bool write, uint8_t value, uint8_t *out)
{
    volatile uint8_t *p = ARENA + i * PG + SLOT;
    if (setjmp(probe_jmp)) {
        faults++;
        return -1;
    }
    if (write)
        *p = value;
    else
        *out = *p;
    return 0;
}

static void mismatch(const char *what, int i)
{
    if (mismatches++ < 10)
        printf("MISMATCH op %lu: %s at page %d\n", ops, what, i);
}

static void touch(int i, bool write)
{
    struct page_model *m = &model[i];
    bool readable = m->state == MAPPED && (m->prot & PROT_READ);
    bool writable = m->state == MAPPED && (m->prot & PROT_WRITE);
    uint8_t value = (uint8_t)(next() | 1), got = 0;
    int r = probe(i, write, value, &got);
    if (write) {
        if ((r == 0) != writable)
            mismatch(writable ? "write faulted" : "write did not fault", i);
        if (r == 0)
            m->value = value;
    } else {
        if ((r == 0) != readable)
            mismatch(readable ? "read faulted" : "read did not fault", i);
        else if (r == 0 && got != m->value)
            mismatch("read the wrong value", i);
    }
}

static int rand_prot(void)
{
    static const int prots[] = { PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE };
    return prots[next() % 4];
}

static void op_mmap(int i, int n)
{
    bool shared = next() % 4 == 0;
    int prot = rand_prot();
    void *p = mmap((void *)(ARENA + i * PG), n * PG, prot,
                   (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p != (void *)(ARENA + i * PG)) {
        mismatch("mmap failed", i);
        return;
    }
    for (int k = i; k < i + n; k++)
        model[k] = (struct page_model){ MAPPED, (uint8_t)prot, shared, 0 };
}

static void op_munmap(int i, int n)
{
    if (munmap((void *)(ARENA + i * PG), n * PG) != 0)
        mismatch("munmap failed", i);
    for (int k = i; k < i + n; k++)
        model[k].state = UNMAPPED;
}

/* A range with a hole is left out: Linux changes the pages before the hole, which
 * qemu-riscv64 7.2 does not model (vm_test checks Pagoda does it Linux's way). */
static void op_mprotect(int i, int n)
{
    int prot = rand_prot();
    for (int k = i; k < i + n; k++)
        if (model[k].state != MAPPED)
            return;
    if (mprotect((void *)(ARENA + i * PG), n * PG, prot) != 0)
        mismatch("mprotect failed", i);
    for (int k = i; k < i + n; k++)
        model[k].prot = (uint8_t)prot;
}

/* MADV_DONTNEED: private pages read as zeros again, shared ones keep their data.
 * Over mapped ranges only (qemu-riscv64 7.2 does not report holes). */
static void op_dontneed(int i, int n)
{
    for (int k = i; k < i + n; k++)
        if (model[k].state != MAPPED)
            return;
    if (madvise((void *)(ARENA + i * PG), n * PG, MADV_DONTNEED) != 0)
        mismatch("madvise failed", i);
    for (int k = i; k < i + n; k++)
        if (!model[k].shared)
            model[k].value = 0;
}

/* A child touches pages at random, checking its copy of the model; it reports its
 * writes to shared pages, which the parent's model then takes over. */
static void op_fork(void)
{
    int report[2];
    pipe(report);
    uint64_t child_seed = next();
    pid_t pid = fork();
    if (pid == 0) {
        close(report[0]);
        rng = child_seed;
        for (int t = 0; t < 40; t++) {
            int i = next() % NPAGES;
            bool is_write = next() % 2;
            uint8_t before = model[i].value;
            touch(i, is_write);
            if (is_write && model[i].shared && model[i].value != before) {
                uint8_t rec[2] = { (uint8_t)i, model[i].value };
                write(report[1], rec, 2);
            }
        }
        _exit(mismatches ? 1 : 0);
    }
    close(report[1]);
    uint8_t rec[2];
    while (read(report[0], rec, 2) == 2)
        model[rec[0]].value = rec[1];
    close(report[0]);
    int st;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        mismatch("the child saw a mismatch", -1);
}

static void step(void)
{
    int i = next() % NPAGES, n = 1 + next() % 16;
    if (i + n > NPAGES)
        n = NPAGES - i;
    switch (next() % 16) {
    case 0: case 1: op_mmap(i, n); break;
    case 2: op_munmap(i, n); break;
    case 3: op_mprotect(i, n); break;
    case 4: op_dontneed(i, n); break;
    case 5: if (next() % 8 == 0) op_fork(); break;
    case 6: case 7: case 8: case 9: case 10: touch(i, false); break;
    default: touch(i, true); break;
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    unsigned long nops = argc > 2 ? strtoul(argv[2], NULL, 0) : 4000;
    rng = seed;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    munmap((void *)ARENA, NPAGES * PG);
    for (ops = 0; ops < nops; ops++) {
        step();
        if ((ops + 1) % 1000 == 0)
            printf("seed %lu: %lu operations, %lu faults, %lu mismatches\n",
                   (unsigned long)seed, ops + 1, faults, mismatches);
    }
    for (int i = 0; i < NPAGES; i++)      /* a last look at every page */
        touch(i, false);
    printf("final sweep: %lu faults, %lu mismatches\n", faults, mismatches);
    CHECK(mismatches == 0, "every access behaved as the model said");
    return finish("vm_stress");
}
