/** CRC-32 (IEEE) as gzip and zip use it: node:zlib's when the runtime has it (Node >= 20.15), else a table. */
import * as zlib from 'node:zlib';

const native = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;

let table: Uint32Array | undefined;
function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

export function crc32Portable(data: Buffer, value = 0): number {
  const t = crcTable();
  let c = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Running CRC-32: pass the previous result as `value` to continue. */
export function crc32(data: Buffer, value = 0): number {
  return native ? native(data, value) >>> 0 : crc32Portable(data, value);
}
