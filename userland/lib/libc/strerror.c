/* strerror and perror. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const messages[] = {
    "Error 0",
    "Not owner",
    "No such file or directory",
    "No such process",
    "Interrupted system call",
    "I/O error",
    "No such device or address",
    "Arg list too long",
    "Exec format error",
    "Bad file number",
    "No children",
    "No more processes",
    "Not enough memory",
    "Permission denied",
    "Bad address",
    "Block device required",
    "Device busy",
    "File exists",
    "Cross-device link",
    "No such device",
    "Not a directory",
    "Is a directory",
    "Invalid argument",
    "File table overflow",
    "Too many open files",
    "Inappropriate ioctl for device",
    "Text file busy",
    "File too large",
    "No space left on device",
    "Illegal seek",
    "Read-only file system",
    "Too many links",
    "Broken pipe",
    "Argument too large",
    "Result too large",
    "Operation would block",
    "Operation now in progress",
    "Operation already in progress",
    "Socket operation on non-socket",
    "Destination address required",
    "Message too long",
    "Protocol wrong type for socket",
    "Option not supported by protocol",
    "Protocol not supported",
    "Socket type not supported",
    "Operation not supported on socket",
    "Protocol family not supported",
    "Address family not supported by protocol family",
    "Address already in use",
    "Can't assign requested address",
    "Network is down",
    "Network is unreachable",
    "Network dropped connection on reset",
    "Software caused connection abort",
    "Connection reset by peer",
    "No buffer space available",
    "Socket is already connected",
    "Socket is not connected",
    "Can't send after socket shutdown",
    "Too many references: can't splice",
    "Connection timed out",
    "Connection refused",
    "Too many levels of symbolic links",
    "File name too long",
    "Host is down",
    "Host is unreachable",
    "Directory not empty",
    "Too many processes",
    "Too many users",
    "Disc quota exceeded",
    "Stale NFS file handle",
    "Too many levels of remote in path",
    "Not a stream device",
    "Timer expired",
    "Out of stream resources",
    "No message of desired type",
    "Not a data message",
    "Identifier removed",
    "Deadlock situation detected/avoided",
    "No record locks available",
    "Machine is not on the network",
    "Object is remote",
    "Link has been severed",
    "Advertise error",
    "Srmount error",
    "Communication error on send",
    "Protocol error",
    "Multihop attempted",
    "Cross mount point",
    "Remote address changed",
    "Function not implemented",
};

char *strerror(int err) {
  static char unknown[32];
  if (err >= 0 && err < (int)(sizeof(messages) / sizeof(messages[0]))) return (char *)messages[err];
  snprintf(unknown, sizeof(unknown), "Unknown error %d", err);
  return unknown;
}

void perror(const char *s) {
  const char *msg = strerror(errno);
  if (s != NULL && *s) {
    write(2, s, strlen(s));
    write(2, ": ", 2);
  }
  write(2, msg, strlen(msg));
  write(2, "\n", 1);
}
