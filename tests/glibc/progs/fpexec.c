/* execve clears the FP state: the parent rounds upward with flags raised and
 * f registers full, then execs itself; the new image starts with round-to-nearest,
 * no flags and FP off (the first FP instruction turns it on, zeroed). Guest only:
 * qemu-riscv64 cannot exec a RISC-V binary without binfmt_misc. */
#include <fenv.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        volatile double z;
        __asm__ volatile("fmv.d.x %0, zero" : "=f"(z));  /* first FP use after exec */
        double f10;
        __asm__ volatile("fmv.d %0, fa0" : "=f"(f10));
        printf("after exec: round %s, flags %d, fa0 %a\n",
               fegetround() == FE_TONEAREST ? "nearest" : "OTHER",
               fetestexcept(FE_ALL_EXCEPT), f10);
        return 0;
    }
    fesetround(FE_UPWARD);
    feraiseexcept(FE_INEXACT | FE_OVERFLOW);
    register double a __asm__("fa0") = 1.5;
    __asm__ volatile("" : : "f"(a));
    execl(argv[0], argv[0], "again", (char *)NULL);
    perror("execl");
    return 1;
}
