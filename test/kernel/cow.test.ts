/** Copy-on-write fork at the address-space level. */
import { describe, expect, it } from 'vitest';
import { AddressSpace, PROT_READ, PROT_WRITE } from '../../kernel/vm/as.js';
import { PageAllocator } from '../../kernel/vm/page.js';

function space() {
  const mem = new PageAllocator(new Uint8Array(64 * 8192), 2);
  const as = new AddressSpace(mem, 1 << 20);
  as.textStart = 0x2000;
  as.textEnd = 0x4000;
  as.dataStart = 0x20000;
  as.brk = 0x40000;
  return { mem, as };
}

describe('copy-on-write', () => {
  it('fork shares every page; the first write copies, and only for the writer', () => {
    const { mem, as } = space();
    const text = as.addPage(0x2000, PROT_READ);
    const data = as.addPage(0x20000, PROT_READ | PROT_WRITE);
    if (!text || !data) throw new Error('no memory');
    mem.ram[data.frame * 8192] = 42;
    const free = mem.freeCount;
    const child = as.duplicate() as AddressSpace;
    expect(mem.freeCount).toBe(free); // nothing copied yet
    expect(child.lookup(0x20000)?.frame).toBe(data.frame);
    expect(mem.refs[data.frame]).toBe(2);
    const w = child.fault(0x20000, true);
    if (!w || typeof w !== 'object') throw new Error('write refused');
    expect(w.frame).not.toBe(data.frame);
    expect(mem.ram[w.frame * 8192]).toBe(42); // the copy has the contents
    mem.ram[w.frame * 8192] = 7;
    expect(mem.ram[data.frame * 8192]).toBe(42); // the parent does not see the child's write
    expect(child.cowCopies).toBe(1);
    // The parent is now the page's only user: its write takes the frame over without a copy.
    const pw = as.fault(0x20000, true);
    expect(pw !== null && typeof pw === 'object' && pw.frame).toBe(data.frame);
    expect(as.cowCopies).toBe(0);
    // Text stays shared and is never writable.
    expect(child.lookup(0x2000)?.frame).toBe(text.frame);
    expect(child.fault(0x2000, true)).toBeNull();
  });

  it('exit of either side gives the shared frames back exactly once', () => {
    const { mem, as } = space();
    as.addPage(0x20000, PROT_READ | PROT_WRITE);
    const before = mem.freeCount;
    const child = as.duplicate() as AddressSpace;
    child.clear();
    expect(mem.freeCount).toBe(before);
    as.clear();
    expect(mem.freeCount).toBe(before + 1);
  });
});
