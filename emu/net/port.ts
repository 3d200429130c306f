/**
 * The contract between a station (a machine's transceiver) and the network
 * it is plugged into: a port. The network makes the port; the station
 * attaches to it.
 *
 *   station → network   port.send(frame, cycle)
 *   network → station   port.receiver(frame, at, dribble)   (installed by the station)
 *
 * Frames are the bytes on the wire, destination address through FCS. A
 * frame passed to `send` or to the receiver belongs to the network from
 * then on: neither side changes it afterwards (the network may hand the
 * same array to several stations).
 *
 * Time (the lockstep contract, docs/ethernet.md):
 * - `send` is called while the station's machine runs, at the emulated
 *   instant `cycle` at which the frame's first bit leaves it (the station's
 *   own cycle count; every machine's cycle 0 is the same instant).
 * - The network calls the receiver between windows, when every machine on
 *   it has reached the window's end, with `at` no earlier than that end:
 *   the instant the frame's last bit reaches the station. Nothing is ever
 *   delivered in a station's past.
 * - Stations and ports know nothing of other machines: a port is all that
 *   passes between them.
 */

/** How the network hands a station a frame: `at` is the arrival of its last bit; `dribble` extra bits (0-7) follow its last whole byte. */
export type EtherReceiver = (frame: Uint8Array, at: number, dribble: number) => void;

export interface EtherPort {
  /** The station puts `frame` on the wire; its first bit leaves at `cycle`. */
  send(frame: Uint8Array, cycle: number): void;
  /** Set by the station that attaches to the port; null while none is. */
  receiver: EtherReceiver | null;
}
