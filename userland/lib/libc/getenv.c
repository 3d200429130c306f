/* The environment: getenv, setenv, unsetenv, putenv. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int find(const char *name, size_t len) {
  if (environ == NULL) return -1;
  for (int i = 0; environ[i] != NULL; i++) {
    if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=') return i;
  }
  return -1;
}

char *getenv(const char *name) {
  int i = find(name, strlen(name));
  return i < 0 ? NULL : environ[i] + strlen(name) + 1;
}

static char **owned; /* environ, once it has been copied to the heap */

static int put(char *entry, size_t namelen) {
  int i = find(entry, namelen);
  if (i >= 0) {
    environ[i] = entry;
    return 0;
  }
  int n = 0;
  while (environ != NULL && environ[n] != NULL) n++;
  char **e = malloc((size_t)(n + 2) * sizeof(char *));
  if (e == NULL) return -1;
  for (int k = 0; k < n; k++) e[k] = environ[k];
  e[n] = entry;
  e[n + 1] = NULL;
  if (owned != NULL) free(owned);
  environ = owned = e;
  return 0;
}

int setenv(const char *name, const char *value, int overwrite) {
  size_t n = strlen(name);
  if (n == 0 || strchr(name, '=') != NULL) {
    errno = EINVAL;
    return -1;
  }
  if (!overwrite && find(name, n) >= 0) return 0;
  size_t v = strlen(value);
  char *entry = malloc(n + v + 2);
  if (entry == NULL) return -1;
  memcpy(entry, name, n);
  entry[n] = '=';
  memcpy(entry + n + 1, value, v + 1);
  return put(entry, n);
}

int putenv(char *s) {
  char *eq = strchr(s, '=');
  if (eq == NULL) {
    errno = EINVAL;
    return -1;
  }
  return put(s, (size_t)(eq - s));
}

int unsetenv(const char *name) {
  size_t n = strlen(name);
  int i;
  while ((i = find(name, n)) >= 0) {
    for (; environ[i] != NULL; i++) environ[i] = environ[i + 1];
  }
  return 0;
}
