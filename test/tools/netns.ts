/**
 * A network namespace of a test's own, for tests that join a lab to a
 * Linux network stack (the TAP bridge now, TCP against Linux later). Every
 * packet stays inside it: the namespace has its own loopback, and the
 * processes started in it (the lab, socat, ping) see no other interface.
 * Needs root, /dev/net/tun, iproute2's `ip`, `socat` and `ping`; netnsUnavailable()
 * says which is missing, so that a test can skip saying why.
 *
 *   const ns = NetNamespace.create();
 *   await ns.tapBridge({ name: 'sun3tap', address: '192.9.200.100/24', udp: 5556, lab: 5555 });
 *   const lab = ns.spawn(process.execPath, [SHIM, 'lab', '--udp-link', '127.0.0.1:5555,127.0.0.1:5556']);
 *   ns.exec('ping', ['-c', '3', '192.9.200.1']);
 *   ns.close();
 */
import {
  type ChildProcess,
  type SpawnOptions,
  type SpawnSyncReturns,
  spawn,
  spawnSync,
} from 'node:child_process';
import { existsSync } from 'node:fs';

function runs(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

/** Why namespace tests cannot run on this host, or null if they can. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'not root: creating a network namespace needs root';
  if (!existsSync('/dev/net/tun')) return 'no /dev/net/tun: the host cannot make TAP interfaces';
  if (!runs('ip', ['-V'])) return 'no ip command (apt-get install iproute2)';
  if (!runs('socat', ['-V'])) return 'no socat (apt-get install socat)';
  if (!runs('ping', ['-V'])) return 'no ping (apt-get install iputils-ping)';
  const probe = `sun3lab-probe-${process.pid}`;
  if (!runs('ip', ['netns', 'add', probe])) return 'ip netns add failed (not allowed in this container?)';
  runs('ip', ['netns', 'del', probe]);
  return null;
}

/** `ip ARGS`, throwing with what ip said if it fails. */
function ip(args: string[]): string {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim() || r.error?.message}`);
  return r.stdout;
}

export class NetNamespace {
  private readonly children: ChildProcess[] = [];
  private closed = false;

  private constructor(readonly name: string) {}

  /** A new namespace, its loopback up. */
  static create(prefix = 'sun3lab'): NetNamespace {
    const name = `${prefix}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
    ip(['netns', 'add', name]);
    const ns = new NetNamespace(name);
    try {
      ip(['-n', name, 'link', 'set', 'lo', 'up']);
    } catch (err) {
      ns.close();
      throw err;
    }
    return ns;
  }

  /** Run a command in the namespace and wait for it. */
  exec(cmd: string, args: string[], timeoutMs = 60_000): SpawnSyncReturns<string> {
    return spawnSync('ip', ['netns', 'exec', this.name, cmd, ...args], {
      encoding: 'utf8',
      timeout: timeoutMs,
    });
  }

  /** Start a command in the namespace (killed at close()). */
  spawn(cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.name, cmd, ...args], { stdio: 'pipe', ...opts });
    this.children.push(child);
    return child;
  }

  /**
   * A TAP interface `name` with `address` (CIDR) in the namespace, its
   * frames carried by socat to and from UDP on 127.0.0.1 in QEMU's socket
   * format (one frame a datagram, no packet-information header): socat
   * listens on port `udp` and sends to port `lab`, where a lab's
   * `--udp-link 127.0.0.1:LAB,127.0.0.1:UDP` listens. Resolves once the
   * interface is up.
   */
  async tapBridge(o: { name: string; address: string; udp: number; lab: number }): Promise<ChildProcess> {
    const socat = this.spawn('socat', [
      `TUN:${o.address},tun-type=tap,tun-name=${o.name},iff-no-pi,iff-up`,
      `UDP-DATAGRAM:127.0.0.1:${o.lab},bind=127.0.0.1:${o.udp}`,
    ]);
    let said = '';
    socat.stderr?.setEncoding('utf8').on('data', (s: string) => {
      said += s;
    });
    const end = Date.now() + 10_000;
    for (;;) {
      const link = spawnSync('ip', ['-n', this.name, 'link', 'show', o.name], { encoding: 'utf8' });
      if (link.status === 0 && /[<,]UP[,>]/.test(link.stdout)) return socat;
      if (socat.exitCode !== null || Date.now() > end)
        throw new Error(`socat did not bring ${o.name} up: ${said.trim() || 'no message'}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stop what was started in it and remove it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', this.name], { stdio: 'ignore' });
  }

  /** Does the namespace still exist? */
  exists(): boolean {
    return ip(['netns', 'list'])
      .split('\n')
      .some((l) => l.split(' ')[0] === this.name);
  }
}

/** A lab started in a namespace: what it has printed, and ways to wait on it and to type at it. */
export interface SpawnedLab {
  output(): string;
  /** Wait until the output matches `re` (throwing, with the output's end, after `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  /** Send a line to the lab's standard input (`sun0: command`, `~.`). */
  type(line: string): void;
  /** Close its standard input (after `~.`) and resolve with its exit code. */
  end(line?: string): Promise<number | null>;
}

/**
 * `sun3lab lab ARGS` in the namespace (run with `shim`, the CLI's
 * entry point), its standard output and error gathered.
 */
export function spawnLab(ns: NetNamespace, shim: string, args: string[]): SpawnedLab {
  const lab = ns.spawn(process.execPath, [shim, 'lab', ...args]);
  let out = '';
  const gather = (s: string) => {
    out += s;
  };
  lab.stdout?.setEncoding('utf8').on('data', gather);
  lab.stderr?.setEncoding('utf8').on('data', gather);
  const exited = new Promise<number | null>((r) => lab.on('close', (code) => r(code)));
  return {
    output: () => out,
    async waitFor(re: RegExp, ms = 30_000) {
      const end = Date.now() + ms;
      while (!re.test(out)) {
        if (Date.now() > end) throw new Error(`no ${re} after ${ms} ms:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    type(line: string) {
      lab.stdin?.write(`${line}\n`);
    },
    end(line?: string) {
      lab.stdin?.end(line === undefined ? undefined : `${line}\n`);
      return exited;
    },
  };
}
