/* pthreads.c — glibc's own threads on the guest kernel: pthread_create (clone3 refused,
 * clone with CLONE_SETTLS and the TID words), mutexes and condition variables on
 * futexes, thread-local variables, pthread_join's return values, a barrier, a
 * semaphore with a timed wait, pthread_kill, and malloc from many threads at once.
 * Prints only what is the same everywhere. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define N 6
#define ROUNDS 5000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long total, turn;
static __thread long mine;
static pthread_barrier_t barrier;
static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
    (void)sig;
    got_usr1++;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&mu);
        total++;
        pthread_mutex_unlock(&mu);
        mine++;
    }
    /* Take turns in id order through a condition variable. */
    pthread_mutex_lock(&mu);
    while (turn != id)
        pthread_cond_wait(&cv, &mu);
    turn++;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    /* malloc from every thread at once. */
    long sum = 0;
    for (int i = 0; i < 200; i++) {
        char *p = malloc(16 + (size_t)(i * 37 + id) % 3000);
        memset(p, (int)id, 16);
        sum += p[15];
        free(p);
    }
    pthread_barrier_wait(&barrier);
    return (void *)(mine * 100 + sum / 200);
}

static void *sig_waiter(void *arg)
{
    (void)arg;
    while (!got_usr1)
        usleep(1000);
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    pthread_barrier_init(&barrier, NULL, N);
    for (long i = 0; i < N; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
    for (long i = 0; i < N; i++) {
        void *r;
        pthread_join(t[i], &r);
        printf("thread %ld returned %ld\n", i, (long)r);
    }
    printf("total %ld (want %d), turns %ld, main's own counter %ld\n", total, N * ROUNDS, turn, mine);

    sem_t sem;
    sem_init(&sem, 0, 0);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 30 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    int r = sem_timedwait(&sem, &ts);
    printf("sem_timedwait on an empty semaphore: %d %s\n", r, r ? strerror(errno) : "");
    sem_post(&sem);
    printf("sem_wait after a post: %d\n", sem_wait(&sem));

    signal(SIGUSR1, on_usr1);
    pthread_t w;
    pthread_create(&w, NULL, sig_waiter, NULL);
    printf("pthread_kill: %d\n", pthread_kill(w, SIGUSR1));
    pthread_join(w, NULL);
    printf("handler ran %d time(s)\n", (int)got_usr1);
    return 0;
}
