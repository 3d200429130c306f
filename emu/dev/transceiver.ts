/**
 * The Sun-3/60's Ethernet transceiver connection: what sits between the
 * LANCE and the network cable. `machine.ether.attach(port)` plugs the
 * machine into a network port (emu/net/port.ts); `detach()` unplugs it.
 *
 * With a cable, every frame the chip transmits goes to the port, and the
 * transceiver answers each transmission with the heartbeat (SQE test) the
 * chip expects. Without one, the chip hears neither its own carrier nor a
 * heartbeat: its transmissions end with loss of carrier (TMD3 LCAR) and a
 * collision error (CSR0 CERR), as on a Sun whose transceiver cable is off.
 *
 * Frames from the network go to the chip at their arrival instant; the
 * counters are the wire's view, for the lab's status display.
 */
import type { EtherPort } from '../net/port.js';

/** The chip side of the transceiver. */
export interface EtherChip {
  /** A frame reaches the chip: its last bit arrives at cycle `at`. */
  arrive(frame: Uint8Array, at: number, dribble: number): void;
}

export class Transceiver {
  private port: EtherPort | null = null;
  private chip: EtherChip | null = null;
  /** Frames that left for the network, and that came from it. */
  framesOut = 0;
  framesIn = 0;
  bytesOut = 0;
  bytesIn = 0;

  /** The LANCE connects itself here (once, when the board is built). */
  connectChip(chip: EtherChip): void {
    this.chip = chip;
  }

  /** Plug the cable into `port` (unplugging it from any other first). */
  attach(port: EtherPort): void {
    this.detach();
    if (port.receiver !== null) throw new Error('that network port already has a station');
    this.port = port;
    port.receiver = (frame, at, dribble) => {
      this.framesIn++;
      this.bytesIn += frame.length;
      this.chip?.arrive(frame, at, dribble);
    };
  }

  /** Unplug the cable. */
  detach(): void {
    if (this.port !== null) this.port.receiver = null;
    this.port = null;
  }

  get attached(): boolean {
    return this.port !== null;
  }

  /**
   * The chip transmits `frame`, first bit at `cycle`. Returns whether the
   * transceiver carried it (and will give the heartbeat): false without a cable.
   */
  transmit(frame: Uint8Array, cycle: number): boolean {
    if (this.port === null) return false;
    this.framesOut++;
    this.bytesOut += frame.length;
    this.port.send(frame, cycle);
    return true;
  }
}
