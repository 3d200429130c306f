/* wordfreq: how often each word occurs in the standard input (in the
 * style of Kernighan & Pike's and Bentley's word counters): lines of any
 * length with getline, words with strtok_r, the table sorted with qsort
 * and searched with bsearch. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word {
  char *text;
  int count;
};

static struct word *words;
static int nwords, room;

static int bytext(const void *a, const void *b) {
  return strcmp(((const struct word *)a)->text, ((const struct word *)b)->text);
}

static int bycount(const void *a, const void *b) {
  const struct word *x = a, *y = b;
  return x->count != y->count ? y->count - x->count : strcmp(x->text, y->text);
}

static void add(const char *w) {
  struct word key = {(char *)w, 0};
  struct word *found = bsearch(&key, words, (size_t)nwords, sizeof(struct word), bytext);
  if (found != NULL) {
    found->count++;
    return;
  }
  if (nwords == room) {
    room = room ? 2 * room : 16;
    words = realloc(words, (size_t)room * sizeof(struct word));
    if (words == NULL) {
      perror("realloc");
      exit(1);
    }
  }
  words[nwords].text = strdup(w);
  words[nwords].count = 1;
  nwords++;
  qsort(words, (size_t)nwords, sizeof(struct word), bytext); /* kept sorted for bsearch */
}

int main(void) {
  char *line = NULL;
  size_t size = 0;
  while (getline(&line, &size, stdin) != -1) {
    char *save;
    for (char *p = line; *p; p++) *p = (char)tolower((unsigned char)*p);
    for (char *w = strtok_r(line, " \t\n.,;:!?\"()", &save); w != NULL; w = strtok_r(NULL, " \t\n.,;:!?\"()", &save))
      add(w);
  }
  free(line);
  qsort(words, (size_t)nwords, sizeof(struct word), bycount);
  for (int i = 0; i < nwords; i++) printf("%4d %s\n", words[i].count, words[i].text);
  return 0;
}
