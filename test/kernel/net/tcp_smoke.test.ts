import { describe, expect, it } from 'vitest';
import { AF_INET, SOCK_STREAM, sockaddr_in } from '../../../kernel/net/socket.js';
import {
  type Socket,
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
import { Ucred } from '../../../kernel/proc/cred.js';
import { MY_IP, MY_MAC, PEER_IP, PEER_MAC } from './fakenet.js';
import { fakeProc, Lab } from './stack.js';

const root = new Ucred();

describe('tcp smoke', () => {
  it('connects and moves data', () => {
    const lab = new Lab();
    const a = lab.host(MY_IP, MY_MAC);
    const b = lab.host(PEER_IP, PEER_MAC);
    const p = fakeProc();
    const ls = socreate(b.net, AF_INET, SOCK_STREAM, 0, root);
    sobind(ls, sockaddr_in(0, 7000), p);
    solisten(ls, 5);
    const server = lab.spawn(function* (p) {
      const so = yield* soacceptwait(ls, p, 0);
      soaccept(so);
      let got = 0;
      for (;;) {
        const r = yield* soreceive(so, p, 100000, 0, 0);
        if (r.data.length === 0) break;
        got += r.data.length;
      }
      soclose(so);
      return got;
    });
    const cs = socreate(a.net, AF_INET, SOCK_STREAM, 0, root);
    const data = new Uint8Array(100000).map((_, i) => i & 0xff);
    const client = lab.spawn(function* (p) {
      soconnect(cs, sockaddr_in(PEER_IP, 7000), p);
      yield* soconnwait(cs, p);
      const n = yield* sosend(cs, p, null, uioOf(data), 0, 0);
      soclose(cs);
      return n;
    });
    lab.until(() => server.done && client.done, 60000);
    expect(Lab.result(client)).toBe(100000);
    expect(Lab.result(server)).toBe(100000);
    console.log(lab.k.ticks, a.net.tcpstat, b.net.tcpstat.tcps_rcvpack);
    lab.advance(70000);
    console.log(a.net.tcb.length, b.net.tcb.length, a.net.sockets.size, b.net.sockets.size);
  });
});
