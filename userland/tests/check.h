/* Tiny test helpers shared by the programs in userland/tests: each check
 * prints a PASS or FAIL line; DONE() prints a summary and gives the exit
 * status (0 if everything passed). */
#ifndef CHECK_H
#define CHECK_H
#include <stdio.h>

static int check_failures;
static int check_count;

#define CHECK(cond, ...)                      \
  do {                                        \
    check_count++;                            \
    if (cond) {                               \
      printf("PASS: ");                       \
    } else {                                  \
      check_failures++;                       \
      printf("FAIL: ");                       \
    }                                         \
    printf(__VA_ARGS__);                      \
    printf("\n");                             \
    fflush(stdout);                           \
  } while (0)

#define DONE(name)                                                                         \
  (printf("%s: %s (%d checks, %d failed)\n", name, check_failures ? "FAIL" : "PASS", check_count, \
          check_failures),                                                                 \
   fflush(stdout), check_failures ? 1 : 0)

#endif
