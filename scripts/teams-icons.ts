/**
 * Draws the Teams app icons once: `deploy/teams/color.png` (192×192, full colour) and
 * `deploy/teams/outline.png` (32×32, white on transparent, as Teams requires). The PNGs are
 * committed; rerun with `npm run teams:icons` after changing the drawing.
 *
 * The PNG encoder is hand-written (signature, IHDR, one zlib-deflated IDAT, IEND, CRC-32 from
 * node:zlib) because the project has no image library and adding one for two small icons is not
 * worth a dependency; RGBA 8-bit, no filtering, is all these icons need.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit depth, RGBA, deflate, no filter method, no interlace
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    raw[row] = 0; // filter type None
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A speech bubble (rounded rectangle and a tail) in a unit square: is (u, v) inside it? */
function inBubble(u: number, v: number, inset: number): boolean {
  const [left, top, right, bottom, radius] = [0.16 + inset, 0.2 + inset, 0.84 - inset, 0.68 - inset, 0.12];
  const cx = Math.min(Math.max(u, left + radius), right - radius);
  const cy = Math.min(Math.max(v, top + radius), bottom - radius);
  const inBody = u >= left && u <= right && v >= top && v <= bottom && (u - cx) ** 2 + (v - cy) ** 2 <= radius ** 2;
  // The tail: a triangle under the bubble's left third.
  const inTail = v > bottom - 0.01 && v < 0.84 - inset && u > 0.3 + inset && u < 0.46 - inset && u - 0.3 - inset < (0.84 - inset - v) * 1.0;
  return inBody || inTail;
}

const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];
const ACCENT: Rgba = [200, 16, 46, 255]; // #C8102E, the manifest's accentColor

const [dir] = [join(import.meta.dirname, '..', 'deploy', 'teams')];
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  // Colour: the bubble in white on the accent colour, three dots in the accent colour inside it.
  const color = encodePng(192, 192, (x, y) => {
    const [u, v] = [(x + 0.5) / 192, (y + 0.5) / 192];
    if (!inBubble(u, v, 0)) return ACCENT;
    const dot = [0.34, 0.5, 0.66].some((cx) => (u - cx) ** 2 + (v - 0.44) ** 2 < 0.045 ** 2);
    return dot ? ACCENT : WHITE;
  });
  // Outline: the bubble's outline only, white on transparent (Teams tints it).
  const outline = encodePng(32, 32, (x, y) => {
    const [u, v] = [(x + 0.5) / 32, (y + 0.5) / 32];
    return inBubble(u, v, 0) && !inBubble(u, v, 0.07) ? WHITE : CLEAR;
  });
  writeFileSync(join(dir, 'color.png'), color);
  writeFileSync(join(dir, 'outline.png'), outline);
  console.log(`wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}`);
}
