/**
 * gdb in a lab: holding one machine stops the whole lab's clock (no window
 * finishes, no segment is flushed), so that its peers see no time pass and
 * nothing times out; let go, the lab goes on as if nothing had happened.
 */
import { describe, expect, it } from 'vitest';
import { parseGdbSpec } from '../../emu/debug/lab-gdb.js';
import { MachineDebugger } from '../../emu/debug/machine-target.js';
import { Z_SOFTWARE } from '../../emu/debug/stub.js';
import { execs, SECOND, startLab } from '../lab/helpers.js';
import { migrateCmd, pass, pidOf } from '../pm/helpers.js';

describe('lab --gdb', () => {
  it('parses MACHINE:PORT', () => {
    expect(parseGdbSpec('sun1:1234')).toEqual({ name: 'sun1', port: 1234 });
    expect(() => parseGdbSpec('sun1')).toThrow(/MACHINE:PORT/);
  });

  it('stops the whole lab while gdb holds one machine', () => {
    const run = startLab({ count: { value: 2, where: '--machines' }, exec: execs('sun0:ping -c 3 sun1') });
    const { lab } = run;
    const [sun0, sun1] = lab.machines;
    run.runUntil(() => lab.now >= SECOND, 5);
    const dbg = new MachineDebugger(sun1.station, {});
    dbg.attach(); // gdb connects to sun1: it stops there
    expect(dbg.holding).toBe(true);
    const at = lab.now;
    const held1 = sun1.now;
    for (let i = 0; i < 5; i++) lab.runTo(at + (i + 1) * SECOND);
    // Nobody got past the window that was running when gdb stopped sun1.
    expect(lab.now).toBe(at);
    expect(sun1.now).toBe(held1);
    expect(sun0.now).toBeLessThanOrEqual(at + lab.window + 1000); // (past the window's end by part of an instruction at most)
    dbg.detach();
    run.settle(60);
    expect(run.console('sun0').join('\n')).toMatch(/3 packets transmitted, 3 packets received/);
    expect(lab.status).toBe(0);
  }, 120_000);

  it('tells gdb where a process with breakpoints has migrated to, and lets go of it', () => {
    const run = startLab({ seed: '3', exec: execs('sun0:/tests/matmul 10 &') });
    const { lab } = run;
    const pid = pidOf(run, 'sun0', 'matmul');
    const sun0 = lab.machines[0];
    const hostName = (addr: string) => lab.machines.find((m) => m.config.address === addr)?.name ?? null;
    const dbg = new MachineDebugger(sun0.station, { hostName });
    sun0.debugEvents = (e) => dbg.kernelEvent(e);
    let said = '';
    dbg.onConsole = (t) => {
      said += t;
    };
    // A breakpoint of the process's, at an address it never executes (its a.out header).
    expect(dbg.insertPoint(Z_SOFTWARE, 0x2000, 2, pid)).toBe(true);
    expect(sun0.station.machine.cpu.breakHook).toBeDefined();
    pass(run, 300);
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
    expect(said).toContain(
      `[process ${pid} migrated to sun1 (${lab.machines[1].config.address}); debug it there`,
    );
    expect(sun0.station.machine.cpu.breakHook).toBeUndefined(); // nothing left to check on sun0
  }, 120_000);
});
