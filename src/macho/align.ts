/**
 * Slice alignment the way cctools lipo (and llvm-lipo) compute it.
 *
 * Well-known cputypes get the page size the Darwin kernel maps them with: 2^12 for x86, x86_64
 * and PowerPC, 2^14 for the ARM family. Anything else falls back to guessing from the file:
 * object files take, per segment, the largest section alignment (at least 2^2 / 2^3), other
 * files take the trailing zero bits of each segment's vmaddr (0 counts as 2^15, bounded to
 * 2^2..2^15); the smallest value over all segments wins, starting from 2^15.
 */
import { MAXSECTALIGN, MH_OBJECT, findArch } from './headers.js';

export interface AlignInput {
  cputype: number;
  cpusubtype: number;
  filetype: number;
  is64: boolean;
  segments: ReadonlyArray<{ vmaddr: bigint; sectionAligns: readonly number[] }>;
}

/** log2 of the alignment lipo gives a slice. */
export function sliceAlignment(h: AlignInput): number {
  const known = findArch(h.cputype, h.cpusubtype);
  if (known) return known.pageAlign;
  let cur = MAXSECTALIGN;
  for (const seg of h.segments) {
    let align: number;
    if (h.filetype === MH_OBJECT) {
      align = h.is64 ? 3 : 2;
      for (const s of seg.sectionAligns) if (s > align) align = s;
    } else {
      align = guessAlign(seg.vmaddr);
    }
    if (align < cur) cur = align;
  }
  return cur;
}

/** cctools guess_align: trailing zero bits of vmaddr, bounded to [2, 15]; 0 gives 15. */
export function guessAlign(vmaddr: bigint): number {
  if (vmaddr === 0n) return MAXSECTALIGN;
  let align = 0;
  while (((vmaddr >> BigInt(align)) & 1n) === 0n) align++;
  if (align < 2) return 2;
  return Math.min(align, MAXSECTALIGN);
}

export function alignUp(value: number, log2: number): number {
  const a = 2 ** log2;
  return Math.ceil(value / a) * a;
}
