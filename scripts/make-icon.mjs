#!/usr/bin/env node
// Draws build/icon.png (512x512 RGBA), the app icon electron-builder turns into every platform's
// format: a rounded indigo-to-teal square with a white bridge (an arch over a deck) above two
// log lines. Pure Node (zlib for the PNG), 4x4 supersampled for smooth edges; deterministic.
// Usage: node scripts/make-icon.mjs [OUT.png] [--size N]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels (Uint8Array, width*height*4) as a PNG. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- the drawing, in a 512-unit square ----

const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
/** A horizontal bar with round ends (a capsule). */
const inCapsule = (x, y, x0, x1, yc, h) => inRoundRect(x, y, x0, yc - h / 2, x1, yc + h / 2, h / 2);

const BG_TOP = [67, 56, 202]; // indigo
const BG_BOTTOM = [13, 148, 136]; // teal
const WHITE = [255, 255, 255];

/** Colour and coverage of one sample point; null = transparent. */
function sample(x, y) {
  if (!inRoundRect(x, y, 16, 16, 496, 496, 104)) return null;
  const t = Math.min(Math.max((x * 0.35 + y) / (512 * 1.35), 0), 1);
  const bg = BG_TOP.map((c, i) => c + (BG_BOTTOM[i] - c) * t);

  // The bridge: an arch (half ring) springing from a deck.
  const deckY = 292;
  const d = Math.hypot(x - 256, y - deckY);
  const arch = y <= deckY && d <= 156 && d >= 120;
  const deck = inCapsule(x, y, 72, 440, deckY + 14, 32);
  // Hangers from arch to deck.
  const hanger = [196, 256, 316].some((hx) => Math.abs(x - hx) <= 9 && y <= deckY && y >= deckY - Math.sqrt(Math.max(120 ** 2 - (hx - 256) ** 2, 0)));
  if (arch || deck || hanger) return WHITE;

  // Two log lines under the bridge, fainter, of different lengths.
  if (inCapsule(x, y, 112, 400, 370, 22) || inCapsule(x, y, 112, 320, 414, 22)) return bg.map((c) => c + (255 - c) * 0.62);
  return bg;
}

export function drawIcon(size = 512, ss = 4) {
  const px = new Uint8Array(size * size * 4);
  const scale = 512 / size;
  for (let py = 0; py < size; py++) {
    for (let pxx = 0; pxx < size; pxx++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = sample((pxx + (sx + 0.5) / ss) * scale, (py + (sy + 0.5) / ss) * scale);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (py * size + pxx) * 4;
      if (a > 0) {
        px[i] = Math.round(r / a);
        px[i + 1] = Math.round(g / a);
        px[i + 2] = Math.round(b / a);
        px[i + 3] = Math.round((255 * a) / (ss * ss));
      }
    }
  }
  return encodePng(size, size, px);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const sizeAt = args.indexOf('--size');
  const size = sizeAt >= 0 ? Number(args[sizeAt + 1]) : 512;
  const out = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--size') ?? path.join(ROOT, 'build', 'icon.png'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, drawIcon(size));
  console.log(`Wrote ${path.relative(process.cwd(), out)} (${size}x${size})`);
}
