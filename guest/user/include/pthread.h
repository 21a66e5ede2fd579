/* pthread.h — a minimal POSIX threads library over clone and futex (lib/pthread.c):
 * create, join, detach, exit, self, mutexes, once, and the Linux thread calls
 * gettid, tgkill and sched_{set,get}affinity. Threads get their own stack and TLS
 * (errno); our malloc and stdio take no locks, so threads that use them must
 * serialise those calls themselves (a pthread_mutex_t around them). */
#ifndef _PAGODA_PTHREAD_H
#define _PAGODA_PTHREAD_H

#include <stddef.h>
#include <sys/types.h>

typedef struct pthread *pthread_t;
typedef struct { size_t stack_size; int detached; } pthread_attr_t;
typedef struct { volatile int state; } pthread_mutex_t;   /* 0 free, 1 held, 2 contended */
typedef struct { int type; } pthread_mutexattr_t;
typedef volatile int pthread_once_t;

#define PTHREAD_MUTEX_INITIALIZER { 0 }
#define PTHREAD_ONCE_INIT 0
#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);
int pthread_join(pthread_t t, void **ret);
int pthread_detach(pthread_t t);
void pthread_exit(void *ret) __attribute__((noreturn));
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
int pthread_attr_init(pthread_attr_t *a);
int pthread_attr_destroy(pthread_attr_t *a);
int pthread_attr_setstacksize(pthread_attr_t *a, size_t size);
int pthread_attr_setdetachstate(pthread_attr_t *a, int state);
int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_unlock(pthread_mutex_t *m);
int pthread_once(pthread_once_t *once, void (*fn)(void));
int pthread_kill(pthread_t t, int sig);
pid_t pthread_gettid_np(pthread_t t);

/* Linux's, as glibc declares them. */
pid_t gettid(void);
int tgkill(pid_t tgid, pid_t tid, int sig);
long futex(volatile int *uaddr, int op, int val, const void *timeout, volatile int *uaddr2, int val3);
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128

typedef struct { unsigned long bits[1024 / (8 * sizeof(unsigned long))]; } cpu_set_t;
#define CPU_SETSIZE 1024
#define CPU_ZERO(s) __builtin_memset((s), 0, sizeof(cpu_set_t))
#define CPU_SET(c, s) ((s)->bits[(c) / 64] |= 1UL << ((c) % 64))
#define CPU_CLR(c, s) ((s)->bits[(c) / 64] &= ~(1UL << ((c) % 64)))
#define CPU_ISSET(c, s) (((s)->bits[(c) / 64] >> ((c) % 64)) & 1)
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
int CPU_COUNT(const cpu_set_t *set);

#endif
