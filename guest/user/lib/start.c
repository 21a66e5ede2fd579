/* start.c — the C runtime start: reads argc, argv, envp and the auxiliary vector from
 * the initial stack, sets up thread-local storage (picolibc keeps errno there), the
 * environment and malloc's settings, runs constructors, then main and exit. */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
void malloc_init_env(char **envp);
void malloc_atexit_hook(void);
#include "libc_internal.h"

extern char **environ;
extern int main(int argc, char **argv, char **envp);
extern void __libc_init_array(void);

#define TLS_AREA_BYTES 1024
static char tls_area[TLS_AREA_BYTES] __attribute__((aligned(64)));
const void *__libc_tls_image;
unsigned long __libc_tls_filesz, __libc_tls_memsz;
unsigned long __auxv_hwcap, __auxv_pagesz = 4096;

/* Copies the PT_TLS template into our static block and points tp at it (RISC-V TLS
 * variant I: tp addresses the block itself). */
static void init_tls(const Elf64_Phdr *phdr, unsigned long phnum)
{
    const Elf64_Phdr *tls = NULL;
    for (unsigned long i = 0; phdr && i < phnum; i++)
        if (phdr[i].p_type == PT_TLS)
            tls = &phdr[i];
    char *block = tls_area;
    if (tls) {
        if (tls->p_memsz > TLS_AREA_BYTES || tls->p_align > 64) {
            __libc_write_err("crt: TLS segment too large\n");
            _exit(127);
        }
        __libc_tls_image = (const void *)tls->p_vaddr;
        __libc_tls_filesz = tls->p_filesz;
        __libc_tls_memsz = tls->p_memsz;
        memcpy(block, (const void *)tls->p_vaddr, tls->p_filesz);
        memset(block + tls->p_filesz, 0, tls->p_memsz - tls->p_filesz);
    }
    __asm__ volatile("mv tp, %0" :: "r"(block));
}

void __libc_start(long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    char **e = envp;
    while (*e)
        e++;
    const Elf64_Phdr *phdr = NULL;
    unsigned long phnum = 0;
    for (unsigned long *aux = (unsigned long *)(e + 1); aux[0] != AT_NULL; aux += 2) {
        if (aux[0] == AT_PHDR)
            phdr = (const Elf64_Phdr *)aux[1];
        else if (aux[0] == AT_PHNUM)
            phnum = aux[1];
        else if (aux[0] == AT_HWCAP)
            __auxv_hwcap = aux[1];
        else if (aux[0] == AT_PAGESZ)
            __auxv_pagesz = aux[1];
    }
    init_tls(phdr, phnum);
    environ = envp;
    malloc_init_env(envp);
    __libc_stdio_init();
    __libc_init_array();
    exit(main(argc, argv, envp));
}
