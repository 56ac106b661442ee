/**
 * A small PNG scaler for the hicolor icon sizes of the Linux packages (nfpm copies files as given,
 * so the sizes must exist as files). Decodes 8-bit, non-interlaced PNGs (grey, RGB, palette,
 * grey+alpha, RGBA: what icon editors and the fyne tool write) to RGBA, downscales by area
 * averaging with premultiplied alpha, and encodes RGBA. Anything else (16-bit, interlaced)
 * returns undefined and the caller ships the source size only. Pure: bytes in, bytes out.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { UserError } from '../errors.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface Rgba {
  width: number;
  height: number;
  /** width * height * 4 bytes, straight (not premultiplied) alpha. */
  data: Uint8Array;
}

/** Width and height from the IHDR, or undefined when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } | undefined {
  const b = Buffer.from(png);
  if (b.length < 24 || !b.subarray(0, 8).equals(SIGNATURE) || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** A PNG whose image data inflates past what its width and height allow (a decompression bomb). */
export class PngLimitError extends UserError {
  override name = 'PngLimitError';
  constructor(width: number, height: number, limit: number) {
    super(`the PNG's image data inflates to more than the ${limit} bytes its ${width}x${height} size allows; refused (a malformed or hostile icon)`);
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** RGBA pixels, or undefined for a PNG form this decoder does not cover. */
export function decodePng(png: Uint8Array): Rgba | undefined {
  const b = Buffer.from(png);
  if (!pngSize(b)) return undefined;
  let off = 8;
  let width = 0,
    height = 0,
    depth = 0,
    color = 0,
    interlace = 0;
  let palette: Buffer | undefined;
  let trns: Buffer | undefined;
  const idat: Buffer[] = [];
  while (off + 12 <= b.length) {
    const len = b.readUInt32BE(off);
    const type = b.toString('latin1', off + 4, off + 8);
    if (off + 12 + len > b.length) return undefined;
    const body = b.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8]!;
      color = body[9]!;
      interlace = body[12]!;
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') trns = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[color];
  if (depth !== 8 || interlace !== 0 || !channels || width === 0 || height === 0 || width * height > 4096 * 4096) return undefined;
  if (color === 3 && !palette) return undefined;
  const stride = width * channels;
  // The image data inflates to exactly one filter byte plus `stride` bytes per row: never more.
  const expected = (stride + 1) * height;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new PngLimitError(width, height, expected);
    return undefined;
  }
  if (raw.length < (stride + 1) * height) return undefined;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const up = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = y > 0 && x >= channels ? px[(y - 1) * stride + x - channels] : 0;
      const v = raw[src + x];
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? up : f === 3 ? (a + up) >> 1 : f === 4 ? paeth(a, up, c) : -1;
      if (pred < 0) return undefined;
      px[y * stride + x] = (v + pred) & 0xff;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    let r: number,
      g: number,
      bl: number,
      al = 255;
    if (color === 0 || color === 4) {
      r = g = bl = px[s]!;
      if (color === 4) al = px[s + 1]!;
    } else if (color === 3) {
      const idx = px[s];
      r = palette![idx * 3] ?? 0;
      g = palette![idx * 3 + 1] ?? 0;
      bl = palette![idx * 3 + 2] ?? 0;
      al = trns && idx < trns.length ? trns[idx] : 255;
    } else {
      r = px[s]!;
      g = px[s + 1]!;
      bl = px[s + 2]!;
      if (color === 6) al = px[s + 3]!;
    }
    data.set([r, g, bl, al], i * 4);
  }
  return { width, height, data };
}

/** Area-average resample to size x size (premultiplied, so transparent pixels do not bleed). */
export function scaleRgba(img: Rgba, size: number): Rgba {
  const out = new Uint8Array(size * size * 4);
  const sx = img.width / size;
  const sy = img.height / size;
  for (let oy = 0; oy < size; oy++) {
    const y0 = oy * sy,
      y1 = y0 + sy;
    for (let ox = 0; ox < size; ox++) {
      const x0 = ox * sx,
        x1 = x0 + sx;
      let r = 0,
        g = 0,
        b = 0,
        a = 0,
        w = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wt = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          const i = (y * img.width + x) * 4;
          const al = img.data[i + 3] * wt;
          r += img.data[i] * al;
          g += img.data[i + 1] * al;
          b += img.data[i + 2] * al;
          a += al;
          w += wt;
        }
      }
      const o = (oy * size + ox) * 4;
      out[o] = a > 0 ? Math.round(r / a) : 0;
      out[o + 1] = a > 0 ? Math.round(g / a) : 0;
      out[o + 2] = a > 0 ? Math.round(b / a) : 0;
      out[o + 3] = Math.round(a / w);
    }
  }
  return { width: size, height: size, data: out };
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** RGBA (8-bit, filter 0 on every row, no ancillary chunks: the same pixels give the same bytes). */
export function encodePng(img: Rgba): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const stride = img.width * 4;
  const raw = Buffer.alloc((stride + 1) * img.height);
  for (let y = 0; y < img.height; y++) raw.set(img.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The hicolor sizes we ship: the standard ones up to the source's size. */
export const HICOLOR_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

/**
 * The icon at every hicolor size up to the source's own (the source's bytes at its own size when
 * it is square and standard; never upscaled). Undecodable PNGs: the source alone at its size.
 */
export function hicolorIcons(png: Uint8Array): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const size = pngSize(png);
  if (!size) return out;
  const img = decodePng(png);
  const side = Math.min(size.width, size.height);
  if (!img) {
    if (size.width === size.height) out.set(size.width, png);
    return out;
  }
  for (const s of HICOLOR_SIZES) {
    if (s > side) break;
    out.set(s, s === size.width && s === size.height ? png : encodePng(scaleRgba(img, s)));
  }
  if (out.size === 0 && size.width === size.height) out.set(size.width, png); // a tiny icon: as it is
  return out;
}
