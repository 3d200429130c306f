/**
 * IP output (4.4BSD's netinet/ip_output.c, reduced): complete the header
 * a protocol built (version, header length, id, checksum; the source
 * address if the protocol left it 0), choose the interface, and hand the
 * datagram to it.
 *
 * The route is an interface route only: the destination must be on the
 * subnet of an interface that is up (or be a broadcast there, or the
 * limited broadcast), else ENETUNREACH; a datagram to one of this
 * machine's own addresses goes through the loopback. There is no routing
 * table, gateway or default route, and no fragmentation: a datagram
 * larger than the interface's MTU fails with EMSGSIZE. The TCP/IP issue
 * adds them.
 */
import { EACCES, EADDRNOTAVAIL, EMSGSIZE, ENETUNREACH, Errno } from '../errno.js';
import { IFF_BROADCAST } from './if.js';
import { ifa_ifwithaddr, in_broadcast, in_route } from './in.js';
import { in_cksum } from './in_cksum.js';
import { IP_DF, IP_HDRLEN, IPVERSION, IpHeader } from './ip.js';
import { M_BCAST, type Mbuf } from './mbuf.js';
import type { Net } from './net.js';

/** Flags of ip_output: send only to a directly attached network (SO_DONTROUTE's value); broadcasts allowed. */
export const IP_ROUTETOIF = 0x10;
export const IP_ALLOWBROADCAST = 0x20;

/**
 * Send datagram `m`, whose header (without options) the caller has filled
 * in with ip_len, ip_p, ip_ttl, ip_tos and ip_dst. Throws the Errno the
 * send fails with.
 */
export function ip_output(net: Net, m: Mbuf, flags: number): void {
  const st = net.ipstat;
  const ip = new IpHeader(m);
  ip.set_vhl(IPVERSION, IP_HDRLEN >> 2);
  ip.ip_off &= IP_DF;
  net.ip_id = (net.ip_id + 1) & 0xffff;
  ip.ip_id = net.ip_id;
  st.ips_localout++;

  const dst = ip.ip_dst;
  let ia = ifa_ifwithaddr(net, dst);
  let ifp = ia !== null ? net.loif : null;
  if (ifp === null) {
    ia = in_route(net, dst);
    if (ia === null) {
      st.ips_noroute++;
      throw new Errno(ENETUNREACH);
    }
    ifp = ia.ifp;
  }
  if (ip.ip_src === 0) ip.ip_src = (ia as NonNullable<typeof ia>).addr;
  if (ifp !== net.loif && (in_broadcast(net, dst) || ia?.isBroadcast(dst))) {
    if (!(ifp.flags & IFF_BROADCAST)) throw new Errno(EADDRNOTAVAIL);
    if (!(flags & IP_ALLOWBROADCAST)) throw new Errno(EACCES);
    m.flags |= M_BCAST;
  }
  if (ip.ip_len > ifp.mtu) {
    st.ips_cantfrag++;
    throw new Errno(EMSGSIZE);
  }
  ip.ip_sum = 0;
  ip.ip_sum = in_cksum(m.buf, m.off, IP_HDRLEN);
  try {
    ifp.output(m, { family: 'inet', addr: dst });
  } catch (e) {
    st.ips_odropped++;
    throw e;
  }
}
