/**
 * The socket interface's constants, with SunOS 4's values (sys/socket.h,
 * sys/un.h, netinet/in.h, netinet/tcp.h): address and protocol families,
 * socket types, options and their levels, flags of send and receive, and
 * the two address formats, sockaddr_in and sockaddr_un.
 */

/** Address families (= protocol families). */
export const AF_UNSPEC = 0;
export const AF_UNIX = 1;
export const AF_INET = 2;

/** Socket types. */
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;

/** Flags of send and receive. */
export const MSG_OOB = 0x1;
export const MSG_PEEK = 0x2;
export const MSG_DONTROUTE = 0x4;

/** The level of the socket's own options (setsockopt). */
export const SOL_SOCKET = 0xffff;

/** Socket options kept in so_options (on or off). */
export const SO_DEBUG = 0x0001;
/** Set by listen: the socket takes connections. */
export const SO_ACCEPTCONN = 0x0002;
export const SO_REUSEADDR = 0x0004;
export const SO_KEEPALIVE = 0x0008;
export const SO_DONTROUTE = 0x0010;
export const SO_BROADCAST = 0x0020;
export const SO_USELOOPBACK = 0x0040;
export const SO_LINGER = 0x0080;
export const SO_OOBINLINE = 0x0100;
/** Options with a value. */
export const SO_SNDBUF = 0x1001;
export const SO_RCVBUF = 0x1002;
export const SO_SNDLOWAT = 0x1003;
export const SO_RCVLOWAT = 0x1004;
export const SO_SNDTIMEO = 0x1005;
export const SO_RCVTIMEO = 0x1006;
export const SO_ERROR = 0x1007;
export const SO_TYPE = 0x1008;

/** TCP's options (level IPPROTO_TCP). */
export const TCP_NODELAY = 0x01;
export const TCP_MAXSEG = 0x02;

/** The most connections listen() queues (4.3BSD's SOMAXCONN). */
export const SOMAXCONN = 5;

/**
 * struct sockaddr_in, 16 bytes, as 4.3BSD and SunOS 4 lay it out (no
 * length byte): 0 sin_family (short), 2 sin_port, 4 sin_addr, 8 sin_zero[8].
 */
export const SOCKADDR_IN_SIZE = 16;
/** The longest address the calls accept (4.3BSD's MLEN, one small mbuf). */
export const MAXSOCKADDR = 112;
/** struct sockaddr_un: 0 sun_family (short), 2 sun_path[108]. */
export const SOCKADDR_UN_SIZE = 110;
export const SUN_PATHLEN = 108;

/** A sockaddr_in for `addr` and `port`. */
export function sockaddr_in(addr: number, port = 0): Uint8Array {
  const sa = new Uint8Array(SOCKADDR_IN_SIZE);
  const v = new DataView(sa.buffer);
  v.setInt16(0, AF_INET);
  v.setUint16(2, port);
  v.setUint32(4, addr >>> 0);
  return sa;
}

/** The family of a socket address. */
export function sa_family(sa: Uint8Array): number {
  return sa.length >= 2 ? (sa[0] << 8) | sa[1] : AF_UNSPEC;
}

/** The Internet address of a sockaddr_in. */
export function sin_addr(sa: Uint8Array): number {
  return ((sa[4] << 24) | (sa[5] << 16) | (sa[6] << 8) | sa[7]) >>> 0;
}

/** The port of a sockaddr_in. */
export function sin_port(sa: Uint8Array): number {
  return (sa[2] << 8) | sa[3];
}

/** A sockaddr_un naming `path` (as long as the path, as 4.3BSD returns it). */
export function sockaddr_un(path: string): Uint8Array {
  const bytes = new TextEncoder().encode(path).subarray(0, SUN_PATHLEN);
  const sa = new Uint8Array(2 + bytes.length);
  sa[1] = AF_UNIX;
  sa.set(bytes, 2);
  return sa;
}

/** The path a sockaddr_un names: up to the first NUL or the end of the address. */
export function sun_path(sa: Uint8Array): string {
  const p = sa.subarray(2, 2 + SUN_PATHLEN);
  const end = p.indexOf(0);
  return new TextDecoder().decode(end < 0 ? p : p.subarray(0, end));
}
