/* Waits for an interrupt that never comes, for interrupting an idle guest. */
int main(void)
{
    for (;;)
        __asm__ volatile("wfi");
}
