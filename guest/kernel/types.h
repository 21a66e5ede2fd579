/* types.h — fixed-width integer names and the few basic types the whole kernel uses. */
#ifndef TYPES_H
#define TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint64_t pte_t;
typedef uint64_t *pagetable_t;   /* 512 PTEs, one page */
typedef int64_t ssize_t;
typedef int64_t off_t;
typedef int pid_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ROUND_UP(x, n) (((x) + (n) - 1) & ~((uint64_t)(n) - 1))
#define ROUND_DOWN(x, n) ((x) & ~((uint64_t)(n) - 1))
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

#endif
