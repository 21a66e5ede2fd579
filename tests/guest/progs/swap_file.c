/* swap_file — in-memory file pages go to swap and come back (tmpfs-like). Writes a
 * FILE_MIB file with write(), pushes it out by touching PUSH_MIB of anonymous memory,
 * reads it back; writes every fourth page through a MAP_SHARED mapping, pushes again,
 * reads it back with read(); then a MAP_SHARED|MAP_ANONYMOUS region written by a
 * child is pushed out and checked by the parent. Usage: swap_file [FILE_MIB [PUSH_MIB]].
 * swap_file keep MIB writes the file and leaves it; swap_file verify MIB checks it
 * (for swapoff with file pages in swap). */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096UL
#define PATH "/tmp/swap_file.dat"

static uint64_t word(uint64_t i, uint64_t gen)
{
    return i * 0x9e3779b97f4a7c15ULL ^ gen << 60 ^ 0xf11e;
}

/* Generation of page p: 1 if it was written through the mapping. */
static uint64_t gen_of(uint64_t p, int mapped)
{
    return mapped && p % 4 == 0;
}

static void push(uint64_t mib)
{
    uint8_t *p = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return;
    for (int round = 0; round < 2; round++)
        for (uint64_t i = 0; i < mib << 20; i += PG)
            p[i] = (uint8_t)(i + round);
    munmap(p, mib << 20);
}

static uint64_t read_check(uint64_t npages, int mapped)
{
    int fd = open(PATH, O_RDONLY);
    static uint64_t buf[PG / 8 * 16];
    uint64_t bad = 0;
    for (uint64_t p = 0; p < npages; p += 16) {
        if (read(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
            return npages;
        for (uint64_t k = 0; k < 16; k++)
            for (uint64_t w = 0; w < PG / 8; w++)
                if (buf[k * PG / 8 + w] != word((p + k) * PG / 8 + w, gen_of(p + k, mapped))) {
                    bad++;
                    break;
                }
    }
    close(fd);
    return bad;
}

static long vmstat(const char *name)
{
    static char text[8192];
    int fd = open("/proc/vmstat", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return -1;
    text[n] = 0;
    size_t len = strlen(name);
    for (char *p = text; (p = strstr(p, name)) != NULL; p += len)
        if ((p == text || p[-1] == '\n') && p[len] == ' ')
            return atol(p + len + 1);
    return -1;
}

static void write_file(int fd, uint64_t npages)
{
    static uint64_t buf[PG / 8 * 16];
    for (uint64_t p = 0; p < npages; p += 16) {
        for (uint64_t w = 0; w < sizeof buf / 8; w++)
            buf[w] = word(p * PG / 8 + w, 0);
        if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
            perror("swap_file: write");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "keep") == 0) {
        int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
        write_file(fd, strtoul(argv[2], NULL, 0) * 256);
        close(fd);
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "verify") == 0) {
        uint64_t bad = read_check(strtoul(argv[2], NULL, 0) * 256, 0);
        printf("swap_file: %lu pages wrong\n", (unsigned long)bad);
        return bad != 0;
    }
    uint64_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 16;
    uint64_t push_mib = argc > 2 ? strtoul(argv[2], NULL, 0) : 28;
    uint64_t npages = mib * 256;
    long out0 = vmstat("pswpout");
    int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write_file(fd, npages);
    push(push_mib);
    uint64_t bad1 = read_check(npages, 0);
    printf("file: %lu MiB written, pushed out, read back: %lu pages wrong\n", (unsigned long)mib,
           (unsigned long)bad1);
    uint64_t *m = mmap(NULL, npages * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
        perror("swap_file: mmap");
        return 1;
    }
    for (uint64_t p = 0; p < npages; p += 4)
        for (uint64_t w = 0; w < PG / 8; w++)
            m[p * PG / 8 + w] = word(p * PG / 8 + w, 1);
    munmap(m, npages * PG);
    push(push_mib);
    uint64_t bad2 = read_check(npages, 1);
    printf("file: written through MAP_SHARED, pushed out, read back: %lu pages wrong\n",
           (unsigned long)bad2);
    close(fd);
    unlink(PATH);

    uint64_t nshared = npages / 2;
    volatile uint64_t *s = mmap(NULL, nshared * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t pid = fork();
    if (pid == 0) {
        for (uint64_t i = 0; i < nshared * PG / 8; i++)
            s[i] = word(i, 2);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    push(push_mib);
    uint64_t bad3 = 0;
    for (uint64_t i = 0; i < nshared * PG / 8; i++)
        bad3 += s[i] != word(i, 2);
    printf("shared anonymous: written by the child, pushed out: %lu words wrong\n", (unsigned long)bad3);
    long out = vmstat("pswpout") - out0;
    bool ok = !bad1 && !bad2 && !bad3 && out > 0;
    printf("swap_file: pswpout %ld\nswap_file: %s\n", out, ok ? "passed" : "FAILED");
    return ok ? 0 : 1;
}
