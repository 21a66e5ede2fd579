/* crash — misbehaves on purpose, for the robustness tests: crash null | ill | text |
 * kernel | stack | jump | spin | abort | segv-handler. Each should kill only this process. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(volatile int *depth)
{
    volatile char pad[1024];
    pad[0] = (char)*depth;
    (*depth)++;
    return recurse(depth) + pad[0];
}

static void on_segv(int sig)
{
    printf("caught signal %d\n", sig);
    fflush(stdout);
    _exit(42);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    if (strcmp(what, "null") == 0)
        *(volatile int *)0 = 1;
    else if (strcmp(what, "read-null") == 0)
        return *(volatile int *)0;
    else if (strcmp(what, "ill") == 0)
        __asm__ volatile(".word 0");
    else if (strcmp(what, "text") == 0)
        *(volatile int *)(void *)main = 0;
    else if (strcmp(what, "kernel") == 0)
        return *(volatile int *)0xffffffc080200000UL;
    else if (strcmp(what, "stack") == 0) {
        volatile int depth = 0;
        return recurse(&depth);
    } else if (strcmp(what, "jump") == 0) {
        static int data[4];
        ((void (*)(void))data)();
    } else if (strcmp(what, "spin") == 0) {
        for (volatile unsigned long i = 0;; i++)
            ;
    } else if (strcmp(what, "abort") == 0) {
        abort();
    } else if (strcmp(what, "segv-handler") == 0) {
        signal(SIGSEGV, on_segv);
        *(volatile int *)0 = 1;
    } else {
        fprintf(stderr, "usage: crash null|read-null|ill|text|kernel|stack|jump|spin|abort|segv-handler\n");
        return 2;
    }
    printf("still alive?\n");
    return 1;
}
