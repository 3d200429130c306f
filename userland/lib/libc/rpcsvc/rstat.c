/* rstat and havedisk (SunOS 4's librpcsvc rstat.c): a machine's
 * statistics, and whether it has a disk, from its rstatd. */
#include <rpcsvc/rstat.h>

int rstat(char *host, struct statstime *statp) {
  return callrpc(host, RSTATPROG, RSTATVERS_TIME, RSTATPROC_STATS, (xdrproc_t)xdr_void, NULL,
                 (xdrproc_t)xdr_statstime, (char *)statp);
}

int havedisk(char *host) {
  long have;
  if (callrpc(host, RSTATPROG, RSTATVERS_TIME, RSTATPROC_HAVEDISK, (xdrproc_t)xdr_void, NULL,
              (xdrproc_t)xdr_long, (char *)&have) != 0)
    return -1;
  return have != 0;
}
