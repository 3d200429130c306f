/**
 * The socket interface's constants, with SunOS 4's values (sys/socket.h,
 * netinet/in.h): address and protocol families, socket types, the
 * sockaddr_in layout, flags of send and receive.
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

/** Socket options (setsockopt at level SOL_SOCKET) kept in so_options. */
export const SO_DEBUG = 0x1;
export const SO_DONTROUTE = 0x10;
export const SO_BROADCAST = 0x20;

/**
 * struct sockaddr_in, 16 bytes, as 4.3BSD and SunOS 4 lay it out (no
 * length byte): 0 sin_family (short), 2 sin_port, 4 sin_addr, 8 sin_zero[8].
 */
export const SOCKADDR_IN_SIZE = 16;
/** The longest address sendto and the other calls accept (4.3BSD's MLEN, one small mbuf). */
export const MAXSOCKADDR = 112;

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
