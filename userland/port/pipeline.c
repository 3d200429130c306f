/* pipeline: commands as filters through popen (in the style of APUE,
 * 15.3, and Kernighan & Pike): the output of one read line by line, and
 * lines written into another; pclose gives each one's exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(void) {
  char line[256];
  int names = 0;
  FILE *in = popen("ls /etc", "r");
  if (in == NULL) {
    perror("popen ls");
    exit(1);
  }
  FILE *out = popen("wc -l", "w");
  if (out == NULL) {
    perror("popen wc");
    exit(1);
  }
  while (fgets(line, sizeof(line), in) != NULL) {
    names++;
    if (strncmp(line, "pass", 4) == 0 || strncmp(line, "group", 5) == 0) fputs(line, out);
  }
  int st1 = pclose(in);
  fflush(stdout);
  int st2 = pclose(out);
  printf("ls found some names: %s\n", names > 4 ? "yes" : "no");
  printf("ls exit status %d, wc exit status %d\n", WEXITSTATUS(st1), WEXITSTATUS(st2));
  FILE *f = popen("exit 3", "r");
  printf("a command that fails: exit status %d\n", WEXITSTATUS(pclose(f)));
  return 0;
}
