/**
 * A worker thread of a lab (see lab-threads.ts and lab-protocol.ts): it
 * builds its share of the lab's machines, each on its own copy-on-write
 * view of the shared root image, and then runs them step by step as the
 * lab says, meeting the other threads at each window's end
 * (lab-barrier.ts). Its machines' transceivers are plugged into ports that
 * only collect what is sent; the lab carries the frames on its segments
 * and mails back the ones each machine receives.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type { EtherReceiver } from '../net/port.js';
import { CowDisk } from './cow-disk.js';
import { Barrier, type Share } from './lab-barrier.js';
import { buildMachine, labFiles } from './lab-build.js';
import type { LabMachine } from './lab-machine.js';
import {
  C,
  ctlBase,
  F,
  GEN,
  K,
  type Mail,
  QUIT,
  type Report,
  RUN,
  S,
  STATES,
  STATUS,
  type WorkerData,
} from './lab-protocol.js';
import { take, waitChange } from './lab-worker-wait.js';

function main(data: WorkerData & { port: MessagePort }): void {
  const ctl = new Int32Array(data.ctl);
  const cmd = new Float64Array(data.cmd);
  const barrier = new Barrier(data.barrier, data.threads, data.k + 1);
  const status = new Float64Array(data.status);
  const image = new Uint8Array(data.image);
  const base = ctlBase(data.k);
  let reports: Report[] = [];
  const report = (r: Report) => {
    const last = reports[reports.length - 1];
    // A console's bytes come one at a time: send them in runs.
    if (r.kind === 'output' && last?.kind === 'output' && last.machine === r.machine) {
      const b = new Uint8Array(last.bytes.length + r.bytes.length);
      b.set(last.bytes);
      b.set(r.bytes, last.bytes.length);
      last.bytes = b;
    } else reports.push(r);
  };
  const files = labFiles(data.config);
  const machines = new Map<number, LabMachine>();
  const receivers = new Map<number, () => EtherReceiver | null>();
  let gen = 0;
  let posted = 0;
  /** An error taking the mail, thrown when the step runs (lab-barrier.ts: after the barrier). */
  let failed: unknown = null;
  /** Frames sent so far, and as the barrier last asked. */
  let frames = 0;
  let framesSeen = 0;
  const share: Share = {
    runTo: (w) => {
      if (failed !== null) {
        const err = failed;
        failed = null;
        throw err; // after the barrier, so that the other threads stop too
      }
      for (const m of machines.values()) if (m.now < w) m.run(w - m.now);
    },
    sent: () => {
      const sent = frames !== framesSeen;
      framesSeen = frames;
      return sent;
    },
    quietUntil: () => {
      let q = Number.POSITIVE_INFINITY;
      for (const m of machines.values()) q = Math.min(q, m.quietUntil());
      return q;
    },
  };

  const finishStep = () => {
    for (const [i, m] of machines) {
      const s = i * STATUS;
      status[s + S.NOW] = m.now;
      status[s + S.QUIET] = m.quietUntil();
      status[s + S.FLAGS] =
        (m.settled ? F.SETTLED : 0) | (m.downForGood ? F.DOWN : 0) | (m.waitingForInput ? F.WAITING : 0);
      status[s + S.STATE] = STATES.indexOf(m.state);
      status[s + S.PENDING] = m.pendingCommands;
      status[s + S.RUNNABLE] = m.runnable;
    }
    if (reports.length > 0) {
      data.port.postMessage(reports);
      reports = [];
      Atomics.store(ctl, base + C.REPLIES, ++posted);
    }
    Atomics.store(ctl, base + C.DONE, gen);
    Atomics.notify(ctl, base + C.DONE);
  };

  const step = () => {
    const mail = Atomics.load(ctl, base + C.MAIL);
    try {
      for (const m of take<Mail>(data.port, mail - received)) act(m);
    } catch (err) {
      failed = err;
    }
    received = mail;
    const mode = cmd[K.MODE];
    if (mode === QUIT) return false;
    if (mode === RUN)
      barrier.run(
        { first: cmd[K.FIRST], end: cmd[K.END], window: cmd[K.WINDOW], skipQuiet: cmd[K.SKIP] !== 0 },
        share,
      );
    if (failed !== null) share.runTo(Number.NEGATIVE_INFINITY);
    return true;
  };
  let received = 0;

  const act = (mail: Mail) => {
    const m = machines.get(mail.machine);
    if (!m) throw new Error(`worker ${data.k} has no machine ${mail.machine}`);
    if (mail.kind === 'deliver') receivers.get(mail.machine)?.()?.(mail.frame, mail.at, mail.dribble);
    else if (mail.kind === 'act') (m[mail.act] as (...a: unknown[]) => void).apply(m, mail.args);
    else report({ kind: 'answer', value: m[mail.ask]() });
  };

  try {
    for (const i of data.machines) {
      const port = {
        receiver: null as EtherReceiver | null,
        send: (frame: Uint8Array, cycle: number) => {
          frames++;
          report({ kind: 'frame', machine: i, frame, cycle });
        },
      };
      const m = buildMachine(
        data.config,
        i,
        new CowDisk(image),
        files,
        {
          event: (t, body) => report({ kind: 'event', machine: i, t, body }),
          line: (t, text) => report({ kind: 'line', machine: i, t, text }),
          output: (bytes) => report({ kind: 'output', machine: i, bytes: Uint8Array.from(bytes) }),
          input: (t, input, text) => report({ kind: 'input', machine: i, t, input, text }),
        },
        data.build,
      );
      m.station.machine.ether.attach(port);
      receivers.set(i, () => port.receiver);
      machines.set(i, m);
    }
  } catch (err) {
    report({ kind: 'error', message: (err as Error).stack ?? String(err) });
  }
  // The first step (GEN 0 to 1) collects what the machines reported while they were built.
  for (;;) {
    gen = waitChange(ctl, GEN, gen);
    let go = true;
    try {
      go = step();
    } catch (err) {
      report({ kind: 'error', message: (err as Error).stack ?? String(err) });
    }
    finishStep();
    if (!go) break;
  }
  data.port.close();
}

main(workerData as WorkerData & { port: MessagePort });
