// Just enough of a PNG decoder (node:zlib) to look at the pixels of a Chromium screenshot:
// 8-bit RGB or RGBA, not interlaced, every row filter.
import { inflateSync } from 'node:zlib';

/** Decoded pixels: RGBA, row by row. */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes a PNG into RGBA pixels. Throws on what a Chromium screenshot never is (palette, 16-bit,
 * interlaced).
 *
 * @example
 * const { width, height, rgba } = decodePng(readFileSync('shot.png'));
 */
export function decodePng(png: Buffer): Pixels {
  if (!png.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6))
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x += 1) {
      const a = x >= channels ? (rows[out + x - channels] as number) : 0;
      const b = y > 0 ? (rows[out - stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (rows[out - stride + x - channels] as number) : 0;
      const value = line[x] as number;
      const predicted =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      rows[out + x] = (value + predicted) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    rgba[i * 4] = rows[i * channels] as number;
    rgba[i * 4 + 1] = rows[i * channels + 1] as number;
    rgba[i * 4 + 2] = rows[i * channels + 2] as number;
    rgba[i * 4 + 3] = channels === 4 ? (rows[i * channels + 3] as number) : 255;
  }
  return { width, height, rgba };
}

/** `#rrggbb` as [r, g, b]. */
export const rgb = (hex: string): [number, number, number] => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
];

/** Pixels within `tolerance` (per channel) of `colour`. */
export function countColour(pixels: Pixels, colour: [number, number, number], tolerance = 24): number {
  let count = 0;
  for (let i = 0; i < pixels.rgba.length; i += 4) {
    if (
      Math.abs((pixels.rgba[i] as number) - colour[0]) <= tolerance &&
      Math.abs((pixels.rgba[i + 1] as number) - colour[1]) <= tolerance &&
      Math.abs((pixels.rgba[i + 2] as number) - colour[2]) <= tolerance
    )
      count += 1;
  }
  return count;
}

/** Share of pixels that differ from the most common colour (the background), 0..1. */
export function inkShare(pixels: Pixels): number {
  const counts = new Map<number, number>();
  const total = pixels.width * pixels.height;
  for (let i = 0; i < pixels.rgba.length; i += 4) {
    const key =
      ((pixels.rgba[i] as number) << 16) |
      ((pixels.rgba[i + 1] as number) << 8) |
      (pixels.rgba[i + 2] as number);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return total === 0 ? 0 : (total - background) / total;
}

/**
 * Share of pixels, 0..1, in a pale red tint over white (what a translucent red area leaves): the
 * over-threshold shading of the live page's charts.
 */
export function tintShare(pixels: Pixels): number {
  let count = 0;
  for (let i = 0; i < pixels.rgba.length; i += 4) {
    const [r, g, b] = [pixels.rgba[i] as number, pixels.rgba[i + 1] as number, pixels.rgba[i + 2] as number];
    if (r >= 240 && Math.abs(g - b) <= 3 && r - g >= 4 && r - g <= 60) count += 1;
  }
  return count / (pixels.width * pixels.height);
}
