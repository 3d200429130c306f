/**
 * A bridge between a lab's segment and the world outside the process: a
 * UDP link in the format of QEMU's socket network backend
 * (`-netdev socket,udp=HOST:PORT,localaddr=HOST:PORT`, or
 * `-netdev socket,mcast=GROUP:PORT`): each Ethernet frame, without its FCS,
 * is one UDP datagram. Another sun3lab, or a QEMU virtual machine, at the
 * other end joins the same LAN, so a lab can grow past one host.
 *
 * On the segment the link is one more station (a port, like a machine's
 * transceiver): the frames the segment hands it go out as datagrams (a
 * damaged one is dropped, as a real bridge drops a frame with a bad FCS);
 * a datagram that comes in is sent on the segment, padded to the minimum
 * frame and given its FCS, at the lab's present instant.
 *
 * That instant depends on when the datagram arrived in real time, so a lab
 * with a link is no longer a pure function of its inputs: links are for
 * labs paced to the wall clock (not --fast, --record or --replay), and they
 * say so.
 */
import { createSocket, type Socket } from 'node:dgram';
import { appendFcs, ETHER_FCS_LEN, ETHER_HDR_LEN, ETHER_MAX_LEN, ETHER_MIN_LEN, fcsOk } from './ether.js';
import type { EtherPort } from './port.js';

/** Where the link sends: a unicast peer, or a multicast group (which it also listens to). */
export interface UdpLinkOptions {
  /** Unicast: the local address and port to bind, and the peer's. */
  local?: { host: string; port: number };
  remote?: { host: string; port: number };
  /** Multicast: the group and port (every member hears every frame). */
  mcast?: { host: string; port: number };
}

export interface UdpLinkStats {
  /** Frames from the segment sent as datagrams, and those dropped (damaged). */
  out: number;
  dropped: number;
  /** Datagrams received and sent on the segment, and those refused (not a frame). */
  in: number;
  refused: number;
}

/** "HOST:PORT" as an address; a one-line error naming `what` if it is not one. */
export function parseHostPort(s: string, what: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(s.trim());
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port < 1 || port > 65535 || !/^[0-9.]+$|^[A-Za-z0-9.-]+$/.test(m[1]))
    throw new Error(`${what}: "${s}" is not HOST:PORT (such as 127.0.0.1:5555)`);
  return { host: m[1], port };
}

export class UdpLink {
  readonly stats: UdpLinkStats = { out: 0, dropped: 0, in: 0, refused: 0 };
  private readonly socket: Socket;
  private readonly dest: { host: string; port: number };
  /** Frames that came in since the lab last took them. */
  private incoming: Uint8Array[] = [];
  private port: EtherPort | null = null;

  private constructor(
    socket: Socket,
    dest: { host: string; port: number },
    /** Multicast: datagrams we sent come back to us; they are recognised and ignored. */
    private readonly loopsBack: boolean,
  ) {
    this.socket = socket;
    this.dest = dest;
    socket.on('message', (msg) => this.receive(new Uint8Array(msg)));
  }

  /** Open the link: bind the socket (and join the group); rejects with a one-line error. */
  static async open(o: UdpLinkOptions): Promise<UdpLink> {
    const socket = createSocket({ type: 'udp4', reuseAddr: o.mcast !== undefined });
    const bound = o.mcast ? { host: '0.0.0.0', port: o.mcast.port } : o.local;
    const dest = o.mcast ?? o.remote;
    if (!bound || !dest)
      throw new Error('a UDP link needs a local and a remote address, or a multicast group');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (err) =>
        reject(new Error(`UDP link on ${bound.host}:${bound.port}: ${err.message}`)),
      );
      socket.bind(bound.port, bound.host, () => resolve());
    });
    socket.on('error', () => {}); // later errors (a peer not there yet) lose the frame, as on a wire
    if (o.mcast) {
      socket.addMembership(o.mcast.host);
      socket.setMulticastLoopback(true);
    }
    return new UdpLink(socket, dest, o.mcast !== undefined);
  }

  /** Plug the link into a segment's port. */
  attach(port: EtherPort): void {
    this.port = port;
    port.receiver = (frame) => this.send(frame);
  }

  /** Datagrams we sent ourselves (multicast loops them back), by content, waiting to be recognised. */
  private echoes = new Map<string, number>();

  private send(frame: Uint8Array): void {
    if (!fcsOk(frame)) {
      this.stats.dropped++;
      return;
    }
    const bytes = frame.subarray(0, frame.length - ETHER_FCS_LEN);
    if (this.loopsBack) {
      const k = Buffer.from(bytes).toString('latin1');
      this.echoes.set(k, (this.echoes.get(k) ?? 0) + 1);
    }
    this.stats.out++;
    this.socket.send(bytes, this.dest.port, this.dest.host);
  }

  private receive(data: Uint8Array): void {
    if (this.loopsBack) {
      const k = Buffer.from(data).toString('latin1');
      const n = this.echoes.get(k) ?? 0;
      if (n > 0) {
        if (n === 1) this.echoes.delete(k);
        else this.echoes.set(k, n - 1);
        return;
      }
    }
    if (data.length < ETHER_HDR_LEN || data.length > ETHER_MAX_LEN - ETHER_FCS_LEN) {
      this.stats.refused++;
      return;
    }
    const padded = new Uint8Array(Math.max(data.length, ETHER_MIN_LEN - ETHER_FCS_LEN));
    padded.set(data);
    this.incoming.push(appendFcs(padded));
  }

  /** Send the frames that came in on the segment, their first bit leaving at `cycle` (the lab's present). */
  deliver(cycle: number): void {
    const port = this.port;
    if (!port || this.incoming.length === 0) return;
    const frames = this.incoming;
    this.incoming = [];
    for (const f of frames) {
      this.stats.in++;
      port.send(f, cycle);
    }
  }

  close(): void {
    if (this.port) this.port.receiver = null;
    this.socket.close();
  }
}
