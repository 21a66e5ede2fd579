#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    printf("hello from pid %d, %d args\n", getpid(), argc);
    return 0;
}
