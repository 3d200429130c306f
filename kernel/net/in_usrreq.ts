/**
 * The user requests UDP and TCP share (in 4.3BSD each usrreq's
 * PRU_CONTROL, PRU_SOCKADDR and PRU_PEERADDR cases). A module of its own
 * because a class must have its base class when it is defined: this one
 * needs only protosw.ts then, whichever of the cyclic network modules is
 * loaded first.
 */
import type { Ucred } from '../proc/cred.js';
import { in_control } from './in.js';
import { type Inpcb, in_setpeeraddr, in_setsockaddr } from './in_pcb.js';
import { UsrreqBase } from './protosw.js';
import type { Socket } from './uipc_socket.js';

/** Ioctls go to in_control; the addresses come from the socket's control block. */
export class InUsrreqBase extends UsrreqBase {
  override control(so: Socket, cmd: number, data: Uint8Array, cred: Ucred): Uint8Array | null {
    return in_control(so.net, cmd, data, cred);
  }

  override sockaddr(so: Socket): Uint8Array {
    return in_setsockaddr(so.pcb as Inpcb);
  }

  override peeraddr(so: Socket): Uint8Array {
    return in_setpeeraddr(so.pcb as Inpcb);
  }
}
