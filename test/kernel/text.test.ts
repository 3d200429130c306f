/**
 * The text table (4.3BSD's struct text): processes running the same file —
 * from separate execs, not only from fork — share its text frames; a file
 * that has changed gets a text of its own; the last user gives the frames
 * and the file back.
 */
import { describe, expect, it } from 'vitest';
import { Station } from '../../emu/lab/station.js';
import { Vnode, VREG } from '../../kernel/fs/vnode.js';
import type { Proc } from '../../kernel/proc/proc.js';
import { AddressSpace } from '../../kernel/vm/as.js';
import { PageAllocator } from '../../kernel/vm/page.js';
import { TextTable } from '../../kernel/vm/text.js';
import { rootImage } from './helpers.js';

const PAGE = 8192;

class FakeFile extends Vnode {
  released = false;
  constructor() {
    super(VREG);
  }
  getattr() {
    return {
      type: VREG,
      mode: 0o100755,
      nlink: 1,
      uid: 0,
      gid: 0,
      size: 0,
      fsid: 0,
      fileid: 1,
      rdev: 0,
      atime: 0,
      mtime: 0,
      ctime: 0,
      blocksize: PAGE,
      blocks: 0,
    };
  }
  protected override inactive(): void {
    this.released = true;
  }
}

function textPages(as: AddressSpace): number[] {
  const out: number[] = [];
  for (let va = as.textStart; va < as.textEnd; va += PAGE) out.push(as.lookup(va)?.frame ?? -1);
  return out;
}

describe('the text table', () => {
  it('shares a text between address spaces, and frees it with its last user', () => {
    const mem = new PageAllocator(new Uint8Array(64 * PAGE), 2);
    const texts = new TextTable(mem);
    const vp = new FakeFile().hold();
    const image = new Uint8Array(2 * PAGE).map((_, i) => i & 0xff);
    const free = mem.freeCount;
    const spaces = [0, 1].map(() => {
      const as = new AddressSpace(mem, PAGE);
      as.textStart = 0x2000;
      as.textEnd = 0x2000 + 2 * PAGE;
      const x = texts.xalloc(vp, 100, image, 2 * PAGE);
      if (!x) throw new Error('no memory');
      as.mapText(x);
      return as;
    });
    expect(texts.misses).toBe(1);
    expect(texts.hits).toBe(1);
    expect(textPages(spaces[0])).toEqual(textPages(spaces[1]));
    expect(mem.freeCount).toBe(free - 2); // one copy of the text
    expect(mem.ram[textPages(spaces[1])[1] * PAGE + 5]).toBe((PAGE + 5) & 0xff);
    // A fork shares it too.
    const child = spaces[0].duplicate() as AddressSpace;
    expect(child.text).toBe(spaces[0].text);
    expect(spaces[0].text?.count).toBe(3);
    vp.release(); // the opener's reference; the table still holds the file
    expect((vp as FakeFile).released).toBe(false);
    for (const as of [...spaces, child]) as.clear();
    expect(texts.size).toBe(0);
    expect(mem.freeCount).toBe(free);
    expect((vp as FakeFile).released).toBe(true);
  });

  it('does not share a text with a file that has changed since', () => {
    const mem = new PageAllocator(new Uint8Array(64 * PAGE), 2);
    const texts = new TextTable(mem);
    const vp = new FakeFile().hold();
    const v1 = new Uint8Array(PAGE).fill(1);
    const a = texts.xalloc(vp, 100, v1, PAGE);
    // Same modification time and size, different bytes (written within the same second).
    const v2 = new Uint8Array(PAGE).fill(2);
    const b = texts.xalloc(vp, 100, v2, PAGE);
    // A newer modification time.
    const c = texts.xalloc(vp, 101, v1, PAGE);
    expect(a).not.toBe(b);
    expect(a).not.toBe(c);
    expect(texts.xalloc(vp, 100, v1, PAGE)).toBe(a);
    expect(texts.size).toBe(3);
  });
});

describe('shared text on a running machine', () => {
  it('two processes that exec the same program map the same text frames', () => {
    const st = new Station({
      disk: rootImage(),
      program: { path: '/bin/sh', argv: ['sh', '-c', '/bin/sleep 2 & /bin/sleep 2 & /bin/sleep 1; wait'] },
      consoleSink: () => {},
      quietBoot: true,
    });
    for (let i = 0; i < 50; i++) st.run(200_000); // half a second
    const k = st.kernel;
    const sleeps = [...k.procs.values()].filter((p: Proc) => p.u.comm === 'sleep');
    expect(sleeps).toHaveLength(3);
    const [a, b, c] = sleeps.map((p) => textPages(p.vm));
    expect(a.length).toBeGreaterThan(0);
    expect(a).not.toContain(-1);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(sleeps[0].vm.text).toBe(sleeps[1].vm.text);
    expect(sleeps[0].vm.text?.count).toBe(3);
    // Each frame: the text table's reference and one per process.
    for (const f of a) expect(k.mem.refs[f]).toBe(4);
    expect(k.texts.hits).toBeGreaterThanOrEqual(2);
    // When they are all gone, so is the entry.
    for (let i = 0; i < 400 && !st.halted; i++) st.run(200_000);
    expect(st.halted).toBe(true);
    expect([...k.procs.values()].some((p) => p.u.comm === 'sleep')).toBe(false);
  });
});
