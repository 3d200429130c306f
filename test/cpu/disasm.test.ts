/**
 * The disassembler on a table of hand-checked instructions: every group of
 * the 68020 integer instruction set and every addressing mode, including the
 * full-format extension words. Encodings come from GNU as (Motorola syntax,
 * -mcpu=68020) or, for the encodings as cannot be asked for (suppressed
 * bases, null displacements, reserved fields), were assembled by hand; the
 * expected texts were written by hand in this disassembler's conventions
 * (docs/disassembler.md). Every instruction is decoded at PC 0x10000, so
 * PC-relative operands and branches show targets near there.
 *
 * test/tools/disasm-objdump.test.ts checks the decoder against objdump on a
 * large random sample.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeInstruction,
  disassemble,
  disassembleBuffer,
  formatListingLine,
} from '../../emu/cpu/disasm.js';

const PC = 0x10000;

/** A read16 over hex words placed at PC (zero beyond them). */
function memory(hex: string): (addr: number) => number {
  const words = hex.split(' ').map((w) => Number.parseInt(w, 16));
  return (addr) => words[(addr - PC) / 2] ?? 0;
}

/** [words at PC, expected text]; the length is all the words, or 2 for dc.w. */
const CASES: [string, string][] = [
  // Data movement, MOVEM, MOVEP, LEA/PEA, EXG, LINK, MOVE USP/SR/CCR, MOVES, MOVEC
  ['2218', 'move.l (a0)+,d1'],
  ['1200', 'move.b d0,d1'],
  ['3008', 'move.w a0,d0'],
  ['2491', 'move.l (a1),(a2)'],
  ['1360 0008', 'move.b -(a0),(8,a1)'],
  ['362e fff0', 'move.w (-$10,a6),d3'],
  ['202d 7fff', 'move.l ($7fff,a5),d0'],
  ['2038 1234', 'move.l ($1234).w,d0'],
  ['2038 8000', 'move.l ($ffff8000).w,d0'],
  ['2039 1234 5678', 'move.l ($12345678).l,d0'],
  ['303c 1234', 'move.w #$1234,d0'],
  ['303c ffff', 'move.w #$ffff,d0'],
  ['103c 0005', 'move.b #5,d0'],
  ['20bc 1234 5678', 'move.l #$12345678,(a0)'],
  ['2f00', 'move.l d0,-(sp)'],
  ['2c5f', 'movea.l (sp)+,a6'],
  ['203a 0012', 'move.l ($10014,pc),d0'],
  ['323b 0002', 'move.w ($10004,pc,d0.w),d1'],
  ['2008', 'move.l a0,d0'],
  ['23fc 1234 5678 0000 1234', 'move.l #$12345678,($1234).l'],
  ['3368 0004 0006', 'move.w (4,a0),(6,a1)'],
  ['2240', 'movea.l d0,a1'],
  ['3250', 'movea.w (a0),a1'],
  ['70ff', 'moveq #-1,d0'],
  ['7e64', 'moveq #$64,d7'],
  ['7280', 'moveq #-$80,d1'],
  ['7400', 'moveq #0,d2'],
  ['48e7 fffe', 'movem.l d0-d7/a0-a6,-(sp)'],
  ['4cdf 041c', 'movem.l (sp)+,d2-d4/a2'],
  ['4890 2005', 'movem.w d0/d2/a5,(a0)'],
  ['4cee ffff 0008', 'movem.l (8,a6),d0-d7/a0-sp'],
  ['4cb8 0002 1234', 'movem.w ($1234).w,d1'],
  ['48e1 0180', 'movem.l d7/a0,-(a1)'],
  ['0308 0004', 'movep.w (4,a0),d1'],
  ['05cb 0010', 'movep.l d2,($10,a3)'],
  ['43d0', 'lea (a0),a1'],
  ['41ee fffc', 'lea (-4,a6),a0'],
  ['45f8 0100', 'lea ($100).w,a2'],
  ['4850', 'pea (a0)'],
  ['487a 0020', 'pea ($10022,pc)'],
  ['c141', 'exg d0,d1'],
  ['c149', 'exg a0,a1'],
  ['c58b', 'exg d2,a3'],
  ['4845', 'swap d5'],
  ['4e56 fff8', 'link.w a6,#-8'],
  ['4e55 ff00', 'link.w a5,#-$100'],
  ['480e ffff 0000', 'link.l a6,#-$10000'],
  ['4e5e', 'unlk a6'],
  ['4e68', 'move.l usp,a0'],
  ['4e61', 'move.l a1,usp'],
  ['40c0', 'move.w sr,d0'],
  ['46c0', 'move.w d0,sr'],
  ['42d0', 'move.w ccr,(a0)'],
  ['44fc 001f', 'move.w #$1f,ccr'],
  ['46fc 2700', 'move.w #$2700,sr'],
  ['0e90 1000', 'moves.l (a0),d1'],
  ['0e19 2800', 'moves.b d2,(a1)+'],
  ['0e68 b800 0010', 'moves.w a3,($10,a0)'],
  ['4e7a 0801', 'movec vbr,d0'],
  ['4e7b 8002', 'movec a0,cacr'],
  ['4e7a 1000', 'movec sfc,d1'],
  ['4e7b 2001', 'movec d2,dfc'],
  ['4e7a 9800', 'movec usp,a1'],
  ['4e7a f803', 'movec msp,sp'],
  ['4e7a 0804', 'movec isp,d0'],
  ['4e7a 3802', 'movec caar,d3'],
  // Integer and BCD arithmetic, compares, MULx/DIVx (.W and .L forms), CHK/CHK2/CMP2, PACK/UNPK
  ['d200', 'add.b d0,d1'],
  ['d450', 'add.w (a0),d2'],
  ['d791', 'add.l d3,(a1)'],
  ['d088', 'add.l a0,d0'],
  ['d2c0', 'adda.w d0,a1'],
  ['d1fc 0001 0000', 'adda.l #$10000,a0'],
  ['0640 0100', 'addi.w #$100,d0'],
  ['0698 0000 0001', 'addi.l #1,(a0)+'],
  ['5080', 'addq.l #8,d0'],
  ['5248', 'addq.w #1,a0'],
  ['d300', 'addx.b d0,d1'],
  ['d388', 'addx.l -(a0),-(a1)'],
  ['9240', 'sub.w d0,d1'],
  ['93a8 0010', 'sub.l d1,($10,a0)'],
  ['95c9', 'suba.l a1,a2'],
  ['0403 007f', 'subi.b #$7f,d3'],
  ['5710', 'subq.b #3,(a0)'],
  ['53b0 10fe', 'subq.l #1,(-2,a0,d1.w)'],
  ['974a', 'subx.w -(a2),-(a3)'],
  ['9b84', 'subx.l d4,d5'],
  ['b280', 'cmp.l d0,d1'],
  ['b418', 'cmp.b (a0)+,d2'],
  ['b049', 'cmp.w a1,d0'],
  ['b0c0', 'cmpa.w d0,a0'],
  ['b5d1', 'cmpa.l (a1),a2'],
  ['0c50 1234', 'cmpi.w #$1234,(a0)'],
  ['0c3a 0001 0010', 'cmpi.b #1,($10014,pc)'],
  ['0c80 ffff ffff', 'cmpi.l #$ffffffff,d0'],
  ['b388', 'cmpm.l (a0)+,(a1)+'],
  ['bd0f', 'cmpm.b (sp)+,(a6)+'],
  ['4480', 'neg.l d0'],
  ['4050', 'negx.w (a0)'],
  ['4200', 'clr.b d0'],
  ['42a7', 'clr.l -(sp)'],
  ['4a40', 'tst.w d0'],
  ['4a88', 'tst.l a0'],
  ['4a3c 0005', 'tst.b #5'],
  ['4aba 0010', 'tst.l ($10012,pc)'],
  ['4880', 'ext.w d0'],
  ['48c1', 'ext.l d1'],
  ['49c2', 'extb.l d2'],
  ['c2c0', 'mulu.w d0,d1'],
  ['c7fc fffe', 'muls.w #$fffe,d3'],
  ['4c00 1000', 'mulu.l d0,d1'],
  ['4c10 2800', 'muls.l (a0),d2'],
  ['4c00 1402', 'mulu.l d0,d2:d1'],
  ['4c3c 4c03 0000 0010', 'muls.l #$10,d3:d4'],
  ['82c0', 'divu.w d0,d1'],
  ['85d0', 'divs.w (a0),d2'],
  ['4c40 1001', 'divu.l d0,d1'],
  ['4c40 1801', 'divs.l d0,d1'],
  ['4c40 1402', 'divu.l d0,d2:d1'],
  ['4c50 3c00', 'divs.l (a0),d0:d3'],
  ['4c40 1002', 'divul.l d0,d2:d1'],
  ['4c43 5804', 'divsl.l d3,d4:d5'],
  ['4380', 'chk.w d0,d1'],
  ['4510', 'chk.l (a0),d2'],
  ['00d0 0800', 'chk2.b (a0),d0'],
  ['02e9 a800 0010', 'chk2.w ($10,a1),a2'],
  ['04f8 3800 1000', 'chk2.l ($1000).w,d3'],
  ['00d0 1000', 'cmp2.b (a0),d1'],
  ['04fa 8000 0008', 'cmp2.l ($1000c,pc),a0'],
  ['c300', 'abcd d0,d1'],
  ['c308', 'abcd -(a0),-(a1)'],
  ['8702', 'sbcd d2,d3'],
  ['870a', 'sbcd -(a2),-(a3)'],
  ['4800', 'nbcd d0'],
  ['4810', 'nbcd (a0)'],
  ['8340 1234', 'pack d0,d1,#$1234'],
  ['8348 0000', 'pack -(a0),-(a1),#0'],
  ['8782 3030', 'unpk d2,d3,#$3030'],
  ['8b8c 0f0f', 'unpk -(a4),-(a5),#$f0f'],
  // Logical operations, including to CCR and SR
  ['c240', 'and.w d0,d1'],
  ['0280 00ff 00ff', 'andi.l #$ff00ff,d0'],
  ['c310', 'and.b d1,(a0)'],
  ['8090', 'or.l (a0),d0'],
  ['8561', 'or.w d2,-(a1)'],
  ['0000 0080', 'ori.b #$80,d0'],
  ['b181', 'eor.l d0,d1'],
  ['b513', 'eor.b d2,(a3)'],
  ['0a50 ffff', 'eori.w #$ffff,(a0)'],
  ['4680', 'not.l d0'],
  ['4619', 'not.b (a1)+'],
  ['023c 00fe', 'andi.b #$fe,ccr'],
  ['007c 0700', 'ori.w #$700,sr'],
  ['0a3c 0001', 'eori.b #1,ccr'],
  ['027c f8ff', 'andi.w #$f8ff,sr'],
  // Shifts and rotates, register and memory forms
  ['e380', 'asl.l #1,d0'],
  ['e041', 'asr.w #8,d1'],
  ['e52b', 'lsl.b d2,d3'],
  ['e888', 'lsr.l #4,d0'],
  ['e179', 'rol.w d0,d1'],
  ['e09f', 'ror.l #8,d7'],
  ['e510', 'roxl.b #2,d0'],
  ['e272', 'roxr.w d1,d2'],
  ['e1d0', 'asl.w (a0)'],
  ['e2e9 0010', 'lsr.w ($10,a1)'],
  ['e7e2', 'rol.w -(a2)'],
  ['e4f9 0000 1000', 'roxr.w ($1000).l'],
  // Bit operations, dynamic and static
  ['0101', 'btst d0,d1'],
  ['0800 0003', 'btst #3,d0'],
  ['0800 001f', 'btst #31,d0'],
  ['0310', 'btst d1,(a0)'],
  ['0828 0007 0010', 'btst #7,($10,a0)'],
  ['013c 0012', 'btst d0,#$12'],
  ['083a 0001 0010', 'btst #1,($10014,pc)'],
  ['0151', 'bchg d0,(a1)'],
  ['0842 0005', 'bchg #5,d2'],
  ['0898 0000', 'bclr #0,(a0)+'],
  ['0784', 'bclr d3,d4'],
  ['08e0 0002', 'bset #2,-(a0)'],
  ['03f8 1234', 'bset d1,($1234).w'],
  // Bit fields
  ['e9c4 0085', 'bfextu d4{#2:#5},d0'],
  ['e9d0 3862', 'bfextu (a0){d1:d2},d3'],
  ['ebe9 2000 0008', 'bfexts (8,a1){#0:#32},d2'],
  ['e8c0 07c1', 'bftst d0{#31:#1}'],
  ['ead0 0108', 'bfchg (a0){#4:#8}'],
  ['ecc1 0890', 'bfclr d1{d2:#16}'],
  ['eeea 0023 0010', 'bfset ($10,a2){#0:d3}'],
  ['edc0 1000', 'bfffo d0{#0:#32},d1'],
  ['efd0 0208', 'bfins d0,(a0){#8:#8}'],
  ['efc6 7964', 'bfins d7,d6{d5:d4}'],
  ['e8fa 0008 0020', 'bftst ($10024,pc){#0:#8}'],
  // Program flow, traps, CAS/CAS2/TAS, CALLM/RTM, BKPT
  ['600e', 'bra.s $10010'],
  ['60ee', 'bra.s $fff0'],
  ['6000 0ffe', 'bra.w $11000'],
  ['60ff 000f fffe', 'bra.l $110000'],
  ['6106', 'bsr.s $10008'],
  ['6100 fefe', 'bsr.w $ff00'],
  ['61ff fffd fffe', 'bsr.l $ffff0000'],
  ['6202', 'bhi.s $10004'],
  ['6300 01fe', 'bls.w $10200'],
  ['6404', 'bcc.s $10006'],
  ['6504', 'bcs.s $10006'],
  ['6602', 'bne.s $10004'],
  ['6700 00fe', 'beq.w $10100'],
  ['6802', 'bvc.s $10004'],
  ['6902', 'bvs.s $10004'],
  ['6a02', 'bpl.s $10004'],
  ['6bff 0000 0002', 'bmi.l $10004'],
  ['6c02', 'bge.s $10004'],
  ['6d02', 'blt.s $10004'],
  ['6e02', 'bgt.s $10004'],
  ['6f00 fffc', 'ble.w $fffe'],
  ['51c8 fffa', 'dbf d0,$fffc'],
  ['56c9 00fe', 'dbne d1,$10100'],
  ['50ca 0002', 'dbt d2,$10004'],
  ['50c0', 'st d0'],
  ['51d0', 'sf (a0)'],
  ['52c1', 'shi d1'],
  ['57e8 0010', 'seq ($10,a0)'],
  ['56e1', 'sne -(a1)'],
  ['5df9 0000 1234', 'slt ($1234).l'],
  ['4ed0', 'jmp (a0)'],
  ['4ef9 1234 5678', 'jmp ($12345678).l'],
  ['4eae 0010', 'jsr ($10,a6)'],
  ['4eba 0020', 'jsr ($10022,pc)'],
  ['4efb 0402', 'jmp ($10004,pc,d0.w*4)'],
  ['4e75', 'rts'],
  ['4e77', 'rtr'],
  ['4e73', 'rte'],
  ['4e74 0004', 'rtd #4'],
  ['4e74 0100', 'rtd #$100'],
  ['4e40', 'trap #0'],
  ['4e4f', 'trap #15'],
  ['4e76', 'trapv'],
  ['56fc', 'trapne'],
  ['57fa 1234', 'trapeq.w #$1234'],
  ['55fb 1234 5678', 'trapcs.l #$12345678'],
  ['50fc', 'trapt'],
  ['51fc', 'trapf'],
  ['4afc', 'illegal'],
  ['4e71', 'nop'],
  ['4e70', 'reset'],
  ['4e72 2700', 'stop #$2700'],
  ['4848', 'bkpt #0'],
  ['484f', 'bkpt #7'],
  ['06d0 0003', 'callm #3,(a0)'],
  ['06e9 0020 0010', 'callm #32,($10,a1)'],
  ['06c0', 'rtm d0'],
  ['06cd', 'rtm a5'],
  ['0ad0 0040', 'cas.b d0,d1,(a0)'],
  ['0ce9 00c2 0010', 'cas.w d2,d3,($10,a1)'],
  ['0eda 0144', 'cas.l d4,d5,(a2)+'],
  ['0cfc 8080 90c1', 'cas2.w d0:d1,d2:d3,(a0):(a1)'],
  ['0efc 8080 10c1', 'cas2.l d0:d1,d2:d3,(a0):(d1)'],
  ['4ac0', 'tas d0'],
  ['4ad0', 'tas (a0)'],
  // Addressing modes: brief index words with scale, full-format words (68020)
  ['1030 96ff', 'move.b (-1,a0,a1.w*8),d0'],
  ['2030 f87f', 'move.l ($7f,a0,sp.l),d0'],
  ['2230 0000', 'move.l (0,a0,d0.w),d1'],
  ['38b3 7a80', 'move.w (-$80,a3,d7.l*2),(a4)'],
  ['2030 1322 0100 0020', 'move.l ([$100,a0,d1.w*2],$20),d0'],
  ['2030 1326 0100 0020', 'move.l ([$100,a0],d1.w*2,$20),d0'],
  ['2030 0151', 'move.l ([a0]),d0'],
  ['2030 09a0 1000', 'move.l ($1000,d0.l),d0'],
  ['3030 1f30 1234 5678', 'move.w ($12345678,a0,d1.l*8),d0'],
  ['2036 0161 ff00', 'move.l ([-$100,a6]),d0'],
  ['2230 0913 1234 5678', 'move.l ([a0,d0.l],$12345678),d1'],
  ['41fb 0d26 0010 fffc', 'lea ([$10012,pc],d0.l*4,-4),a0'],
  ['203b 01a0 1000', 'move.l ($1000,zpc,d0.w),d0'],
  ['2030 01f0 1234 5678', 'move.l ($12345678),d0'],
  ['2030 01d1', 'move.l ([0]),d0'],
  ['2030 0120 ff00', 'move.l (-$100,a0,d0.w),d0'],
  ['2070 0927 0010 1234 5678', 'movea.l ([$10,a0],d0.l,$12345678),a0'],
  ['2030 0162 1000 1000', 'move.l ([$1000,a0],$1000),d0'],
  ['41fb 0920 0008', 'lea ($1000a,pc,d0.l),a0'],
  ['41fb 01d1', 'lea ([zpc]),a0'],
  ['d1b0 1b11', 'add.l d0,([a0,d1.l*2])'],
  ['4a30 a725 fffe', 'tst.b ([-2,a0],a2.w*8)'],
  // The MC68881 (coprocessor 1)
  ['f200 0522', 'fadd.x fp1,fp2'],
  ['f23c 4422 3f80 0000', 'fadd.s #$3f800000,fp0'],
  ['f23c 5422 3ff8 0000 0000 0000', 'fadd.d #$3ff8000000000000,fp0'],
  ['f23c 5822 0005', 'fadd.b #5,fp0'],
  ['f200 000e', 'fsin.x fp0,fp0'],
  ['f200 05b2', 'fsincos.x fp1,fp2:fp3'],
  ['f210 7480', 'fmove.d fp1,(a0)'],
  ['f210 6c83', 'fmove.p fp1,(a0){#3}'],
  ['f210 6c7d', 'fmove.p fp0,(a0){#-3}'],
  ['f210 7ca0', 'fmove.p fp1,(a0){d2}'],
  ['f200 b000', 'fmove.l fpcr,d0'],
  ['f208 8400', 'fmove.l a0,fpiar'],
  ['f210 b800', 'fmovem.l fpcr/fpsr,(a0)'],
  ['f227 e027', 'fmovem.x fp0-fp2/fp5,-(sp)'],
  ['f21f d0e4', 'fmovem.x (sp)+,fp0-fp2/fp5'],
  ['f210 f810', 'fmovem.x d1,(a0)'],
  ['f200 5cb2', 'fmovecr.x #50,fp1'],
  ['f200 0c3a', 'ftst.x fp3'],
  ['f200 403a', 'ftst.l d0'],
  ['f281 0008', 'fbeq.w $1000a'],
  ['f2d8 0001 869e', 'fbngle.l $286a0'],
  ['f280 0000', 'fnop'],
  ['f24b 000e fff8', 'fdbne d3,$fffc'],
  ['f242 000e', 'fsne d2'],
  ['f250 0012', 'fsgt (a0)'],
  ['f27c 0001', 'ftrapeq'],
  ['f27a 000e 0005', 'ftrapne.w #5'],
  ['f327', 'fsave -(sp)'],
  ['f35f', 'frestore (sp)+'],
  // Words the 68020 does not execute: line A/F, illegal modes, reserved fields
  ['a000', 'dc.w $a000'],
  ['f000 0000', 'dc.w $f000'],
  ['f200 2000', 'dc.w $f200'],
  ['f200 0005', 'dc.w $f200'],
  ['f208 5400', 'dc.w $f208'],
  ['4afa', 'dc.w $4afa'],
  ['4afd', 'dc.w $4afd'],
  ['4e7a 0003', 'dc.w $4e7a'],
  ['2030 0100', 'dc.w $2030'],
  ['2030 0118', 'dc.w $2030'],
  ['2030 0114', 'dc.w $2030'],
  ['0ad0 0008', 'dc.w $0ad0'],
  ['4c00 8000', 'dc.w $4c00'],
  ['5008', 'dc.w $5008'],
  ['1008', 'dc.w $1008'],
  ['7100', 'dc.w $7100'],
  ['4e7c', 'dc.w $4e7c'],
  ['00fc', 'dc.w $00fc'],
  ['4ac8', 'dc.w $4ac8'],
  ['41c8', 'dc.w $41c8'],
  ['e8c8', 'dc.w $e8c8'],
  ['0e00 0801', 'dc.w $0e00'],
];

describe('disassemble: instruction table', () => {
  it('covers at least 150 encodings', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
  });

  it.each(CASES)('%s -> %s', (hex, text) => {
    const r = disassemble(memory(hex), PC);
    expect(r.text).toBe(text);
    expect(r.length).toBe(text.startsWith('dc.w') ? 2 : hex.split(' ').length * 2);
  });
});

describe('decodeInstruction', () => {
  it('says why a word is dc.w', () => {
    const reason = (hex: string) => decodeInstruction(memory(hex), PC).reason;
    expect(reason('a000')).toBe('line-a');
    expect(reason('f000 0000')).toBe('line-f');
    expect(reason('f200 2000')).toBe('line-f');
    expect(reason('4afa')).toBe('illegal');
    expect(reason('2030 0100')).toBe('reserved-ext');
    expect(reason('4c00 8000')).toBe('reserved-bits');
    expect(reason('4e7a 0003')).toBe('control-register');
    expect(reason('4e75')).toBeUndefined();
  });

  it('decodes through reserved fields when relaxed, as objdump does', () => {
    // BD SIZE 0 reads as a null base displacement.
    const ins = decodeInstruction(memory('2030 0100'), PC, { relaxed: true });
    expect(ins.illegal).toBe(false);
    expect(ins.length).toBe(4);
    // Must-be-zero bit 15 of a MULU.L extension word is ignored.
    const mul = decodeInstruction(memory('4c00 9000'), PC, { relaxed: true });
    expect([mul.mnemonic, mul.length]).toEqual(['mulu.l', 4]);
  });

  it('reads through the callback only, at any address', () => {
    const seen: number[] = [];
    const read16 = (a: number) => {
      seen.push(a);
      return [0x4eb9, 0x1234, 0x5678][(a - 0xfffffffa) / 2];
    };
    // jsr (abs).l at the top of the address space: the words wrap to the end.
    expect(disassemble(read16, 0xfffffffa)).toEqual({ text: 'jsr ($12345678).l', length: 6 });
    expect(seen).toEqual([0xfffffffa, 0xfffffffc, 0xfffffffe]);
  });

  it('computes PC-relative targets modulo 2^32', () => {
    expect(disassemble(memory('6000 fffe'), PC).text).toBe('bra.w $10000');
    const low = (a: number) => [0x41fa, 0x8000][a / 2];
    expect(disassemble(low, 0).text).toBe('lea ($ffff8002,pc),a0');
  });
});

describe('disassembleBuffer', () => {
  const bytes = Uint8Array.from([
    0x4e, 0x71, 0x20, 0x3c, 0x12, 0x34, 0x56, 0x78, 0x4e, 0x75, 0x30, 0x3c, 0x12,
  ]);

  it('lists instructions at the load address', () => {
    const lines = disassembleBuffer(bytes, 0x2000, 0, 3);
    expect(lines.map((l) => [l.addr, l.text])).toEqual([
      [0x2000, 'nop'],
      [0x2002, 'move.l #$12345678,d0'],
      [0x2008, 'rts'],
    ]);
    expect(lines[1].words).toEqual([0x203c, 0x1234, 0x5678]);
  });

  it('starts at an offset and stops at a count', () => {
    expect(disassembleBuffer(bytes, 0x2000, 8, 1).map((l) => l.text)).toEqual(['rts']);
  });

  it('shows an instruction cut off by the end as dc.w, and an odd last byte as dc.b', () => {
    const lines = disassembleBuffer(bytes, 0, 10);
    expect(lines.map((l) => l.text)).toEqual(['dc.w $303c', 'dc.b $12']);
  });

  it('formats listing lines as address, hex words, text', () => {
    const [line] = disassembleBuffer(bytes, 0x2000, 2, 1);
    expect(formatListingLine(line)).toBe('00002002: 203c 1234 5678            move.l #$12345678,d0');
  });
});
