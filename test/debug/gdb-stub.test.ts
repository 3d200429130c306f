/**
 * The GDB remote-protocol stub (emu/debug), driven by a small client
 * (rsp-client.ts) as gdb would drive it: `sun3lab run --gdb` over TCP
 * (first instruction, registers, memory, a step, breakpoints, the exit),
 * and in this process a machine with more processes than the MMU has
 * contexts, where a breakpoint set in one process never stops another
 * running the same program.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MachineDebugger } from '../../emu/debug/machine-target.js';
import { checksum, frame, RspReader } from '../../emu/debug/rsp.js';
import { CPU_THREAD, GdbStub } from '../../emu/debug/stub.js';
import { Station } from '../../emu/lab/station.js';
import { SRUN } from '../../kernel/proc/proc.js';
import { ROOT, SHIM } from '../cli/spawn.js';
import { rootImage } from '../kernel/helpers.js';
import { connectClient, RspClient, spawnWithGdb } from './rsp-client.js';

const TEXT_BASE = 0x2000; // a ZMAGIC a.out's text (its header included) is mapped here
const PC = 17;

describe('RSP framing', () => {
  it('frames, escapes and checks packets; sees ^C between them', () => {
    expect(frame('OK')).toBe(`$OK#${checksum('OK')}`);
    expect(checksum('OK')).toBe('9a');
    const r = new RspReader();
    const bin = frame('a}b#c$d*');
    expect(bin).toContain('}]'); // } escaped as } then ']' (0x7d ^ 0x20)
    expect(r.push(Buffer.from(`+${bin}\x03$g#00$g#67`, 'latin1'))).toEqual([
      { kind: 'ack' },
      { kind: 'packet', payload: 'a}b#c$d*' },
      { kind: 'interrupt' },
      { kind: 'bad' },
      { kind: 'packet', payload: 'g' },
    ]);
  });
});

describe('sun3lab run --gdb', () => {
  it('stops at the first instruction; reads registers and memory, steps, breaks, continues to the exit', async () => {
    const prog = readFileSync(join(ROOT, 'images/root/tests/jobk'));
    const entry = prog.readUInt32BE(20);
    const textEnd = TEXT_BASE + prog.readUInt32BE(4);
    const { child, port, out } = await spawnWithGdb(
      SHIM,
      ['run', '--gdb', '0', '/tests/jobk', '1', '2'],
      ROOT,
    );
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const { client, socket } = await connectClient(port);
    try {
      expect(await client.request('qSupported:multiprocess+;swbreak+')).toMatch(/PacketSize=/);
      expect(await client.request('QStartNoAckMode')).toBe('OK');
      expect(await client.request('?')).toBe('T05thread:1;');
      expect(await client.request('qfThreadInfo')).toBe('m1');
      // The first instruction: the a.out's entry point, its bytes as in the file.
      const g = await client.request('g');
      expect(g.length).toBe(360); // 180 bytes: d0-a7, sr, pc, fp0-fp7, fpcontrol, fpstatus, fpiaddr
      expect(RspClient.register(g, PC)).toBe(entry);
      expect(RspClient.register(g, 16) & 0x2000).toBe(0); // user state
      const bytes = await client.request(`m${entry.toString(16)},8`);
      expect(bytes).toBe(prog.subarray(entry - TEXT_BASE, entry - TEXT_BASE + 8).toString('hex'));
      expect(await client.request('m0,4')).toBe('E0e'); // page zero is not in the address space: an error, not a crash
      // One step: the next instruction.
      expect(await client.request('vCont;s:1')).toBe('T05thread:1;');
      const pc1 = RspClient.register(await client.request('g'), PC);
      expect(pc1).toBeGreaterThan(entry);
      expect(pc1).toBeLessThan(entry + 22);
      // Breakpoints on every trap #0 (the system calls' stubs): the program stops at its first system call.
      const traps: number[] = [];
      for (let a = entry; a + 1 < textEnd; a += 2)
        if (prog.readUInt16BE(a - TEXT_BASE) === 0x4e40) traps.push(a);
      expect(traps.length).toBeGreaterThan(0);
      for (const a of traps) expect(await client.request(`Z0,${a.toString(16)},2`)).toBe('OK');
      expect(await client.request('c')).toBe('T05thread:1;');
      const at = RspClient.register(await client.request('g'), PC);
      expect(traps).toContain(at);
      expect(await client.request(`m${at.toString(16)},2`)).toBe('4e40'); // not written into memory
      for (const a of traps) expect(await client.request(`z0,${a.toString(16)},2`)).toBe('OK');
      // An access watchpoint on the word at the top of the stack (the system call stub's
      // return address: its rts reads it), then a write watchpoint on the 16 bytes below
      // it (the next call pushes there).
      const sp = RspClient.register(await client.request('g'), 15);
      const top = sp.toString(16);
      expect(await client.request(`Z4,${top},4`)).toBe('OK');
      expect(await client.request('c')).toBe(`T05thread:1;awatch:${sp.toString(16).padStart(8, '0')};`);
      expect(await client.request(`z4,${top},4`)).toBe('OK');
      const below = (sp - 16).toString(16);
      expect(await client.request(`Z2,${below},10`)).toBe('OK');
      expect(await client.request('c')).toBe(`T05thread:1;watch:${below.padStart(8, '0')};`);
      expect(await client.request(`z2,${below},10`)).toBe('OK');
      // On to the end: the exit status in the stop reply.
      expect(await client.request('c')).toBe('W00');
    } finally {
      socket.destroy();
    }
    expect(await exited).toBe(0);
    expect(out.stdout).toContain('jobk 1 ok');
  }, 60_000);
});

describe('a breakpoint is per process', () => {
  it('stops only the process it was set in, among more processes than MMU contexts running the same program', () => {
    const jobs = Array.from({ length: 10 }, (_, i) => `/tests/jobk ${i + 1} 400 &`).join(' ');
    let dbg: MachineDebugger | null = null;
    let console = '';
    const st = new Station({
      disk: rootImage(),
      consoleSink: (b) => {
        console += String.fromCharCode(b);
      },
      program: { path: '/bin/sh', argv: ['sh', '-c', `${jobs} wait`] },
      quietBoot: true,
      events: (e) => dbg?.kernelEvent(e),
    });
    dbg = new MachineDebugger(st);
    const client = new RspClient((b) => stub.receive(Buffer.from(b, 'latin1')));
    const stub = new GdbStub(dbg, (s) => client.receive(s));
    const d = dbg;
    d.onStop = (r) => stub.stopped(r);
    const k = st.kernel;
    const jobk = () => [...k.procs.values()].filter((p) => p.u.comm === 'jobk' && p.stat === SRUN);
    for (let i = 0; i < 40 && jobk().length < 10; i++) st.run(2_000_000);
    st.run(4_000_000); // all ten in their loops
    expect(jobk().length).toBe(10);
    const [a, b] = jobk();

    // gdb comes: the machine stops; let go, then ^C stops it at once.
    d.attach();
    expect(d.holding).toBe(true);
    client.send('?');
    expect(client.take()).toMatch(/^T05thread:/);
    client.send('c');
    st.run(1_000_000);
    client.sendRaw('\x03');
    expect(d.holding).toBe(true);
    expect(client.take()).toMatch(/^T02thread:/);
    // A breakpoint in process a, at the pc it was preempted at.
    client.send(`Hg${a.pid.toString(16)}`);
    expect(client.take()).toBe('OK');
    client.send('g');
    const addr = RspClient.register(client.take() as string, PC);
    expect(addr).toBe(a.pcb.pc);
    client.send(`Z0,${addr.toString(16)},2`);
    expect(client.take()).toBe('OK');

    // Count who else executes that address meanwhile.
    const others = new Map<number, number>();
    st.machine.cpu.traceHook = (cpu) => {
      const p = k.sched.curproc;
      if (cpu.pc === addr && !cpu.srS && p && p.pid !== a.pid)
        others.set(p.pid, (others.get(p.pid) ?? 0) + 1);
    };
    let stops = 0;
    for (; stops < 20_000 && (stops < 5 || !others.has(b.pid)); stops++) {
      client.send('c');
      for (let i = 0; i < 200 && !d.holding; i++) st.run(200_000);
      expect(client.take()).toBe(`T05thread:${a.pid.toString(16)};`);
      expect(a.pcb.pc === addr || st.machine.cpu.pc === addr).toBe(true);
    }
    st.machine.cpu.traceHook = undefined;
    expect(stops).toBeGreaterThan(5);
    // The same program at the same address ran in the others without stopping them, b among them,
    // with their MMU contexts stolen and reused (more processes than the 3/60's 8 contexts).
    expect(others.get(b.pid) ?? 0).toBeGreaterThan(0);
    expect(k.pmap.ctxSteals).toBeGreaterThan(0);
    // Threads: the processes and the CPU.
    client.send('qfThreadInfo');
    const threads = (client.take() as string).slice(1).split(',');
    expect(threads).toContain(a.pid.toString(16));
    expect(threads).toContain(b.pid.toString(16));
    expect(threads).toContain(CPU_THREAD.toString(16));
    client.send(`qThreadExtraInfo,${b.pid.toString(16)}`);
    expect(Buffer.from(client.take() as string, 'hex').toString()).toMatch(new RegExp(`^pid ${b.pid} jobk`));
    // Detach: the machine runs on, nothing set.
    client.send('D');
    expect(client.take()).toBe('OK');
    expect(d.holding).toBe(false);
    expect(st.machine.cpu.breakHook).toBeUndefined();
    expect(console).not.toContain('BAD');
  }, 120_000);
});

describe('run --gdb: the debugged process', () => {
  it('reports its fork and its exec on gdb console, and its exit status', () => {
    let dbg: MachineDebugger | null = null;
    let out = '';
    const st = new Station({
      disk: rootImage(),
      consoleSink: (b) => {
        out += String.fromCharCode(b);
      },
      // sh forks for /bin/echo, waits, then execs /bin/echo itself.
      program: { path: '/bin/sh', argv: ['sh', '-c', '/bin/echo one; exec /bin/echo two'] },
      quietBoot: true,
      events: (e) => dbg?.kernelEvent(e),
    });
    dbg = new MachineDebugger(st, { focus: 1 });
    const d = dbg;
    const client = new RspClient((b) => stub.receive(Buffer.from(b, 'latin1')));
    const stub = new GdbStub(d, (s) => client.receive(s));
    d.onStop = (r) => stub.stopped(r);
    d.onConsole = (t) => stub.console(t);
    st.run(60 * 20_000_000, () => d.holding); // to its first instruction
    expect(d.holding).toBe(true);
    client.send('qfThreadInfo');
    expect(client.take()).toBe('m1'); // one process's debugger: no CPU thread
    client.send('c');
    for (let i = 0; i < 100 && !st.halted; i++) st.run(2_000_000);
    expect(client.console).toMatch(/\[process 1 forked process (\d+); breakpoints stay with process 1\]/);
    expect(client.console).toContain('[process 1 now runs echo]');
    expect(client.take()).toBe('W00');
    expect(out).toContain('one');
    expect(out).toContain('two');
  }, 60_000);
});

describe('the sun3lab bundle', () => {
  it('has source maps, so that stacks name the .ts files', async () => {
    const { node: runNode } = await import('../cli/spawn.js');
    expect((await runNode(SHIM, ['--help'])).code).toBe(0); // builds the bundle if it is not there
    const current = JSON.parse(readFileSync(join(ROOT, 'node_modules/.sun3lab/current.json'), 'utf8'));
    const dir = join(ROOT, 'node_modules/.sun3lab', current.dir);
    const map = JSON.parse(readFileSync(join(dir, 'main.cjs.map'), 'utf8'));
    expect(map.sources).toContain('../../../emu/cli/main.ts');
    expect(readFileSync(join(ROOT, 'emu/cli/sun3lab.js'), 'utf8')).toContain('setSourceMapsEnabled');
  });
});
