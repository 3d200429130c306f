/**
 * `sun3lab lab --gdb NAME:PORT` (as often as wanted): gdb on machines of a
 * lab, each on its own port of 127.0.0.1. While gdb holds any machine the
 * whole lab's clock stands still (Lockstep.held), so that no peer sees
 * time pass and times out; the host's loop waits in `hold()`.
 */
import type { Lab } from '../lab/lab.js';
import { MachineDebugger } from './machine-target.js';
import { GdbServer } from './server.js';

/** "sun1:1234" → the machine's name and the port. */
export function parseGdbSpec(spec: string): { name: string; port: number } {
  const m = /^([^:]+):(\d+)$/.exec(spec);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || !Number.isInteger(port) || port > 65535)
    throw new Error(`--gdb ${spec}: expected MACHINE:PORT (sun1:1234; port 0: any free port)`);
  return { name: m[1], port };
}

export class LabGdb {
  private constructor(readonly servers: GdbServer[]) {}

  static async attach(lab: Lab, specs: readonly string[], log: (line: string) => void): Promise<LabGdb> {
    const hostName = (addr: string) => lab.machines.find((m) => m.config.address === addr)?.name ?? null;
    const servers: GdbServer[] = [];
    const seen = new Set<string>();
    for (const spec of specs) {
      const { name, port } = parseGdbSpec(spec);
      const m = lab.machines.find((x) => x.name === name);
      if (!m) throw new Error(`--gdb ${spec}: the lab has no machine ${name}`);
      if (seen.has(name)) throw new Error(`--gdb ${spec}: ${name} has a gdb port already`);
      seen.add(name);
      const dbg = new MachineDebugger(m.station, { hostName });
      m.debugEvents = (e) => dbg.kernelEvent(e);
      const server = await GdbServer.listen(port, dbg, (line) => log(`${name}: ${line}`));
      log(`${name}: gdb may connect on 127.0.0.1:${server.port}`);
      servers.push(server);
    }
    return new LabGdb(servers);
  }

  /** Between runs of the lab: wait while gdb holds any machine. Returns whether it waited. */
  async hold(): Promise<boolean> {
    let waited = false;
    for (const s of this.servers) {
      waited ||= s.debuggers[0].holding;
      await s.hold();
    }
    return waited;
  }

  async close(): Promise<void> {
    for (const s of this.servers) await s.close();
  }
}
