/**
 * The protocol tables (4.4BSD's netinet/in_proto.c and kern/uipc_domain.c,
 * with the Protosw and its requests of sys/protosw.h): one Protosw per
 * protocol, the only place that binds the protocols to IP input (input,
 * ctlinput), to sockets (type, protocol, usrreq, ctloutput) and to the clock
 * (fasttimo, slowtimo). Two domains: the Internet (IP, ICMP, UDP, TCP and
 * raw IP) and the Unix domain (uipc_usrreq.ts).
 */
import { IPPROTO_ICMP, IPPROTO_IP, IPPROTO_RAW, IPPROTO_TCP, IPPROTO_UDP } from './in.js';
import { icmp_input } from './ip_icmp.js';
import { ip_drain, ip_slowtimo } from './ip_input.js';
import type { Net } from './net.js';
import { type Domain, PR_ADDR, PR_ATOMIC, PR_CONNREQUIRED, PR_WANTRCVD, type Protosw } from './protosw.js';
import { rip_ctloutput, rip_input, rip_usrreq } from './raw_ip.js';
import { AF_INET, AF_UNIX, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM } from './socket.js';
import { tcp_input } from './tcp_input.js';
import { tcp_ctlinput, tcp_drain } from './tcp_subr.js';
import { tcp_fasttimo, tcp_slowtimo } from './tcp_timer.js';
import { tcp_ctloutput, tcp_usrreq } from './tcp_usrreq.js';
import { udp_ctlinput, udp_input, udp_usrreq } from './udp_usrreq.js';
import { uipc_usrreq } from './uipc_usrreq.js';

let domains: readonly Domain[] | null = null;

/**
 * The domains and their protocols (inetdomain and unixdomain). The
 * wildcard raw entry (protocol 0, last) takes every IP protocol without
 * an entry of its own. Built on first use, so that the protocol modules,
 * which import each other, are all loaded.
 */
export function domainlist(): readonly Domain[] {
  domains ??= [
    {
      family: AF_INET,
      name: 'internet',
      protosw: [
        { type: 0, family: AF_INET, protocol: IPPROTO_IP, flags: 0, slowtimo: ip_slowtimo, drain: ip_drain },
        {
          type: SOCK_DGRAM,
          family: AF_INET,
          protocol: IPPROTO_UDP,
          flags: PR_ATOMIC | PR_ADDR,
          input: udp_input,
          ctlinput: udp_ctlinput,
          usrreq: udp_usrreq,
          ctloutput: rip_ctloutput,
        },
        {
          type: SOCK_STREAM,
          family: AF_INET,
          protocol: IPPROTO_TCP,
          flags: PR_CONNREQUIRED | PR_WANTRCVD,
          input: tcp_input,
          ctlinput: tcp_ctlinput,
          usrreq: tcp_usrreq,
          ctloutput: tcp_ctloutput,
          fasttimo: tcp_fasttimo,
          slowtimo: tcp_slowtimo,
          drain: tcp_drain,
        },
        {
          type: SOCK_RAW,
          family: AF_INET,
          protocol: IPPROTO_RAW,
          flags: PR_ATOMIC | PR_ADDR,
          input: rip_input,
          usrreq: rip_usrreq,
          ctloutput: rip_ctloutput,
        },
        {
          type: SOCK_RAW,
          family: AF_INET,
          protocol: IPPROTO_ICMP,
          flags: PR_ATOMIC | PR_ADDR,
          input: icmp_input,
          usrreq: rip_usrreq,
          ctloutput: rip_ctloutput,
        },
        {
          type: SOCK_RAW,
          family: AF_INET,
          protocol: IPPROTO_IP,
          flags: PR_ATOMIC | PR_ADDR,
          input: rip_input,
          usrreq: rip_usrreq,
          ctloutput: rip_ctloutput,
        },
      ],
    },
    {
      family: AF_UNIX,
      name: 'unix',
      protosw: [
        {
          type: SOCK_STREAM,
          family: AF_UNIX,
          protocol: 0,
          flags: PR_CONNREQUIRED | PR_WANTRCVD,
          usrreq: uipc_usrreq,
        },
        {
          type: SOCK_DGRAM,
          family: AF_UNIX,
          protocol: 0,
          flags: PR_ATOMIC | PR_ADDR,
          usrreq: uipc_usrreq,
        },
      ],
    },
  ];
  return domains;
}

/** The Internet protocols (inetsw). */
export function inetsw(): readonly Protosw[] {
  return domainlist()[0].protosw;
}

/** The wildcard raw protocol. */
function rawsw(): Protosw {
  const sw = inetsw();
  return sw[sw.length - 1];
}

/** The protocol that IP input gives protocol number `p` to (ip_protox): its own entry, or raw IP. */
export function ip_protox(p: number): Protosw {
  if (p !== IPPROTO_IP && p !== IPPROTO_RAW)
    for (const pr of inetsw()) if (pr.protocol === p && pr.input) return pr;
  return rawsw();
}

function domainOf(family: number): Domain | null {
  return domainlist().find((d) => d.family === family) ?? null;
}

/**
 * The entry for a socket of `family`, `type` and `protocol` (pffindproto);
 * a raw Internet socket may name any protocol (the wildcard entry serves it).
 */
export function pffindproto(family: number, protocol: number, type: number): Protosw | null {
  const dom = domainOf(family);
  if (dom === null) return null;
  for (const pr of dom.protosw) if (pr.type === type && pr.protocol === protocol && pr.type !== 0) return pr;
  return family === AF_INET && type === SOCK_RAW ? rawsw() : null;
}

/** The first entry for a socket of `type` in `family` (pffindtype: protocol 0 in socket()). */
export function pffindtype(family: number, type: number): Protosw | null {
  const dom = domainOf(family);
  if (dom === null) return null;
  const pr = dom.protosw.find((p) => p.type === type && p.type !== 0) ?? null;
  // socket(AF_INET, SOCK_RAW, 0) is the wildcard raw socket.
  return family === AF_INET && type === SOCK_RAW ? rawsw() : pr;
}

/** Every 200 ms: each protocol's fasttimo (pffasttimo). */
export function pffasttimo(net: Net): void {
  for (const d of domainlist()) for (const pr of d.protosw) pr.fasttimo?.(net);
}

/** Every 500 ms: each protocol's slowtimo (pfslowtimo). */
export function pfslowtimo(net: Net): void {
  for (const d of domainlist()) for (const pr of d.protosw) pr.slowtimo?.(net);
}

/** Tell every Internet protocol that the path to `dst` changed (pfctlinput: redirects, an interface gone). */
export function pfctlinput(net: Net, cmd: number, dst: number): void {
  for (const pr of inetsw()) pr.ctlinput?.(net, cmd, dst, null);
}
