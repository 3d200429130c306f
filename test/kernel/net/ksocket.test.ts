/**
 * Sockets used from kernel code, as NFS and process migration will use
 * them: a kernel process (kproc_start) on one machine serves TCP with
 * socreate, sobind, solisten, soacceptwait, soreceive, sosend and soclose;
 * another connects to a user program with soconnect and soconnwait. While
 * they sleep in the scheduler the machines go on running their shells.
 */
import { describe, expect, it } from 'vitest';
import type { Errno } from '../../../kernel/errno.js';
import { AF_INET, SOCK_DGRAM, SOCK_STREAM, sockaddr_in } from '../../../kernel/net/socket.js';
import {
  soaccept,
  soacceptwait,
  sobind,
  soclose,
  soconnect,
  soconnwait,
  socreate,
  solisten,
  soreceive,
  sosend,
  uioOf,
} from '../../../kernel/net/uipc_socket.js';
import { kproc_start } from '../../../kernel/proc/kproc.js';
import { pair } from './pair.js';

const SUN1 = 0xc009c802;

describe('kernel sockets', () => {
  it('a kernel process serves TCP: it echoes what a user program on the other machine sends, byte for byte', () => {
    const lab = pair();
    const k1 = lab.stations[1].kernel;
    const daemons = k1.net.sockets.size; // inetd's listeners
    let served = 0;
    let ended: Errno | null | undefined;
    kproc_start(
      k1,
      'kecho',
      function* (p) {
        const ls = socreate(k1.net, AF_INET, SOCK_STREAM, 0, p.cred);
        sobind(ls, sockaddr_in(0, 7001), p);
        solisten(ls, 5);
        const so = yield* soacceptwait(ls, p, 0);
        soaccept(so);
        for (;;) {
          const r = yield* soreceive(so, p, 4096, 0, 0);
          if (r.data.length === 0) break;
          served += r.data.length;
          yield* sosend(so, p, null, uioOf(Uint8Array.from(r.data)), 0, 0);
        }
        soclose(so);
        soclose(ls);
      },
      (e) => {
        ended = e;
      },
    );
    lab.wait(0.1);
    // The kernel process sleeps in accept; the machine is not stopped by it.
    expect(lab.type(1, 'echo still here')).toBe('still here\n');
    expect([...k1.procs.values()].some((q) => q.u.comm === 'kecho' && q.wmesg === 'accept')).toBe(true);
    const out = lab.type(0, '/tests/netxfer -c sun1 -p 7001 -n 20000', 30);
    expect(out).toContain('client: sent 20000 received 20000 bytes');
    expect(out).toContain('data ok');
    expect(served).toBe(20000);
    lab.wait(1);
    expect(ended).toBeNull();
    expect([...k1.procs.values()].some((q) => q.u.comm === 'kecho')).toBe(false);
    expect(k1.net.sockets.size).toBe(daemons);
  });

  it('a kernel process connects to a user server, sends and receives 100 KB, and sleeps while it waits', () => {
    const lab = pair();
    lab.background(1, '/tests/netxfer -s -n 102400 -z');
    const k0 = lab.stations[0].kernel;
    let got = 0;
    let ended: Errno | null | undefined;
    kproc_start(
      k0,
      'kclient',
      function* (p) {
        const so = socreate(k0.net, AF_INET, SOCK_STREAM, 0, p.cred);
        soconnect(so, sockaddr_in(SUN1, 5001), p);
        yield* soconnwait(so, p);
        const sent = yield* sosend(so, p, null, uioOf(new Uint8Array(102400)), 0, 0);
        if (sent !== 102400) throw new Error('short send');
        for (;;) {
          const r = yield* soreceive(so, p, 65536, 0, 0);
          if (r.data.length === 0) break;
          got += r.data.length;
        }
        soclose(so);
      },
      (e) => {
        ended = e;
      },
    );
    lab.until(() => ended !== undefined, 60);
    expect(ended).toBeNull();
    expect(got).toBe(102400);
    lab.wait(1);
    expect(lab.consoles()[1]).toMatch(/server: sent 102400 received 102400 bytes/);
  });

  it('a kernel process that fails (ECONNREFUSED) exits with the error; UDP works from the kernel too', () => {
    const lab = pair();
    const k0 = lab.stations[0].kernel;
    let ended: Errno | null | undefined;
    kproc_start(
      k0,
      'kfail',
      function* (p) {
        const so = socreate(k0.net, AF_INET, SOCK_STREAM, 0, p.cred);
        soconnect(so, sockaddr_in(SUN1, 4), p); // a port nobody listens on
        yield* soconnwait(so, p);
      },
      (e) => {
        ended = e;
      },
    );
    lab.until(() => ended !== undefined, 30);
    expect(ended?.errno).toBe(61); // ECONNREFUSED
    lab.background(1, '/tests/netxfer -u -s -k 1 -p 5050');
    let reply = '';
    kproc_start(k0, 'kudp', function* (p) {
      const so = socreate(k0.net, AF_INET, SOCK_DGRAM, 0, p.cred);
      yield* sosend(
        so,
        p,
        sockaddr_in(SUN1, 5050),
        uioOf(new TextEncoder().encode('ping from the kernel')),
        0,
        0,
      );
      const r = yield* soreceive(so, p, 100, 0, 0);
      reply = new TextDecoder().decode(r.data);
      soclose(so);
    });
    lab.until(() => reply !== '', 30);
    expect(reply).toBe('ping from the kernel');
  });
});
