#!/usr/bin/env node
// Draws the app and tray icons (a renewal arrow around a coin) and writes every size the
// installers and the tray need: PNGs, an .ico and an .icns, all PNG-encoded with zlib only.
// `node scripts/icons.mjs` rewrites build/; the files are committed, so packaging needs no tools.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ACCENT_TOP = [0x4c, 0x6e, 0xf5];
const ACCENT_BOTTOM = [0x36, 0x4f, 0xc7];
const SUPERSAMPLE = 4;

// ---- shapes in unit coordinates (0..1, y down); each returns true when the point is inside ----

function inRoundedSquare(x, y, inset = 0.07, radius = 0.2) {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && dx * dx + dy * dy <= radius * radius;
}

/** A ring open at the upper right, ending in an arrowhead (clockwise): "renews". */
function inRenewalArrow(x, y) {
  const cx = 0.5;
  const cy = 0.5;
  const r = 0.27;
  const half = 0.05;
  const dx = x - cx;
  const dy = y - cy;
  const d = Math.hypot(dx, dy);
  let angle = (Math.atan2(dy, dx) * 180) / Math.PI; // 0 = right, 90 = down
  if (angle < 0) angle += 360;
  const gapFrom = 285; // the gap spans 285°..345°, i.e. the upper right
  const gapTo = 345;
  if (Math.abs(d - r) <= half && !(angle > gapFrom && angle < gapTo)) return true;
  // Arrowhead at the gap's start (285°), pointing clockwise, i.e. toward increasing angle.
  const a = (gapFrom * Math.PI) / 180;
  const tip = [cx + r * Math.cos(a + 0.33), cy + r * Math.sin(a + 0.33)];
  const baseC = [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  const normal = [Math.cos(a), Math.sin(a)];
  const w = 0.115;
  const b1 = [baseC[0] + normal[0] * w, baseC[1] + normal[1] * w];
  const b2 = [baseC[0] - normal[0] * w, baseC[1] - normal[1] * w];
  return inTriangle([x, y], tip, b1, b2);
}

function inTriangle(p, a, b, c) {
  const s = (p1, p2, p3) => (p1[0] - p3[0]) * (p2[1] - p3[1]) - (p2[0] - p3[0]) * (p1[1] - p3[1]);
  const d1 = s(p, a, b);
  const d2 = s(p, b, c);
  const d3 = s(p, c, a);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

const inCoin = (x, y) => Math.hypot(x - 0.5, y - 0.5) <= 0.105;

// ---- rasterising ----

/** RGBA pixels of one icon. style 'app': white mark on the accent square; 'template': black mark, transparent. */
function render(size, style) {
  const px = Buffer.alloc(size * size * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  // Small sizes get a bolder mark so it survives at 16 px.
  const bold = size <= 32 ? 1.18 : 1;
  for (let py = 0; py < size; py++) {
    for (let pxl = 0; pxl < size; pxl++) {
      let bg = 0;
      let mark = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (pxl + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          const mx = 0.5 + (x - 0.5) / bold;
          const my = 0.5 + (y - 0.5) / bold;
          const inMark = inRenewalArrow(mx, my) || inCoin(mx, my);
          if (style === 'app') {
            if (inRoundedSquare(x, y)) bg++;
            if (inMark) mark++;
          } else if (inMark) mark++;
        }
      }
      const i = (py * size + pxl) * 4;
      if (style === 'app') {
        const t = py / Math.max(1, size - 1);
        const accent = ACCENT_TOP.map((top, k) => Math.round(top + (ACCENT_BOTTOM[k] - top) * t));
        const m = Math.min(mark, bg) / n; // the mark is drawn only on the square
        for (let k = 0; k < 3; k++) px[i + k] = Math.round(accent[k] * (1 - m) + 255 * m);
        px[i + 3] = Math.round((255 * bg) / n);
      } else {
        px[i + 3] = Math.round((255 * mark) / n);
      }
    }
  }
  return px;
}

// ---- encoding ----

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter byte 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Windows .ico with PNG-compressed images (Windows Vista and later). */
export function encodeIco(pngsBySize) {
  const sizes = Object.keys(pngsBySize).map(Number).sort((a, b) => a - b);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const png = pngsBySize[size];
    const at = 6 + 16 * i;
    header[at] = size >= 256 ? 0 : size;
    header[at + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, at + 4); // planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...sizes.map((s) => pngsBySize[s])]);
}

/** macOS .icns, PNG entries by OSType. */
export const ICNS_TYPES = { icp4: 16, icp5: 32, ic11: 32, icp6: 64, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024 };

export function encodeIcns(pngsBySize) {
  const entries = Object.entries(ICNS_TYPES).map(([type, size]) => {
    const png = pngsBySize[size];
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

// ---- the set ----

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** Every icon file, by path relative to build/. */
export function iconFiles() {
  const app = {};
  for (const size of [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...Object.values(ICNS_TYPES)])]) app[size] = encodePng(size, render(size, 'app'));
  const files = {
    'icon.png': app[1024],
    'icon.ico': encodeIco(Object.fromEntries(ICO_SIZES.map((s) => [s, app[s]]))),
    'icon.icns': encodeIcns(app),
    'app-icons/icon.png': app[256],
    'app-icons/tray.png': app[16],
    'app-icons/tray@2x.png': app[32],
    'app-icons/trayTemplate.png': encodePng(16, render(16, 'template')),
    'app-icons/trayTemplate@2x.png': encodePng(32, render(32, 'template')),
  };
  for (const size of LINUX_SIZES) files[`icons/${size}x${size}.png`] = app[size];
  return files;
}

export function writeIcons(buildDir) {
  for (const [name, data] of Object.entries(iconFiles())) {
    fs.mkdirSync(path.dirname(path.join(buildDir, name)), { recursive: true });
    fs.writeFileSync(path.join(buildDir, name), data);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build');
  writeIcons(buildDir);
  console.log(`icons written to ${buildDir}`);
}
