/* stdio.h — picolibc's, with the POSIX line readers it lacks (lib/getline.c). */
#ifndef _PAGODA_STDIO_H
#define _PAGODA_STDIO_H

#include_next <stdio.h>
#include <sys/types.h>

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f);
ssize_t getline(char **line, size_t *cap, FILE *f);

#endif
