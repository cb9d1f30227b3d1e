/* The platform's floor for periodic sampling: THREADS threads wake on absolute 10 ms deadlines
 * (clock_nanosleep, CLOCK_MONOTONIC) and record how late they run; no other work. What the agent
 * measures on the same machine at the same moment cannot be better than this.
 *   timer_floor THREADS SECONDS PERIOD_US   -> prints "p50_us p99_us max_us samples" */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int seconds_to_run;
static long period_ns;
static long* lateness;
static size_t per_thread;

static long long ns(const struct timespec* t) {
  return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void* run(void* arg) {
  long* out = arg;
  struct timespec next, now;
  clock_gettime(CLOCK_MONOTONIC, &next);
  for (size_t i = 0; i < per_thread; ++i) {
    next.tv_nsec += period_ns;
    while (next.tv_nsec >= 1000000000L) {
      next.tv_nsec -= 1000000000L;
      next.tv_sec += 1;
    }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    clock_gettime(CLOCK_MONOTONIC, &now);
    out[i] = (long)(ns(&now) - ns(&next));
  }
  return NULL;
}

static int compare(const void* a, const void* b) {
  long x = *(const long*)a, y = *(const long*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 10;
  seconds_to_run = argc > 2 ? atoi(argv[2]) : 10;
  period_ns = (argc > 3 ? atol(argv[3]) : 10000) * 1000L;
  per_thread = (size_t)(seconds_to_run * 1000000000LL / period_ns);
  size_t total = per_thread * (size_t)threads;
  lateness = calloc(total, sizeof *lateness);
  pthread_t* ids = calloc((size_t)threads, sizeof *ids);
  if (!lateness || !ids)
    return 1;
  for (int t = 0; t < threads; ++t)
    pthread_create(&ids[t], NULL, run, lateness + t * per_thread);
  for (int t = 0; t < threads; ++t)
    pthread_join(ids[t], NULL);
  qsort(lateness, total, sizeof *lateness, compare);
  printf("%ld %ld %ld %zu\n", lateness[(total * 50 + 99) / 100 - 1] / 1000,
         lateness[(total * 99 + 99) / 100 - 1] / 1000, lateness[total - 1] / 1000, total);
  return 0;
}
