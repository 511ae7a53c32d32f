import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without type declarations
import { ICNS_TYPES, iconFiles, LINUX_SIZES } from '../../../scripts/icons.mjs';

const build = path.resolve(__dirname, '../../../build');

function png(data: Buffer) {
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  let idat = Buffer.alloc(0);
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    const type = data.toString('ascii', at + 4, at + 8);
    const crc = data.readUInt32BE(at + 8 + length);
    expect(zlib.crc32(data.subarray(at + 4, at + 8 + length)) >>> 0).toBe(crc);
    if (type === 'IDAT') idat = Buffer.concat([idat, data.subarray(at + 8, at + 8 + length)]);
    at += 12 + length;
  }
  const raw = zlib.inflateSync(idat);
  const pixel = (x: number, y: number) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 5 + x * 4)];
  const alpha = (x: number, y: number) => pixel(x, y)[3]!;
  return { width, height, alpha, pixel };
}

describe('icons in build/', () => {
  it('are exactly what scripts/icons.mjs draws (regenerate with `node scripts/icons.mjs`)', () => {
    for (const [name, data] of Object.entries(iconFiles() as Record<string, Buffer>)) {
      expect(fs.readFileSync(path.join(build, name)).equals(data), name).toBe(true);
    }
    // Redraws every icon up to 1024 px in plain JS: ~5 s of one core when idle, four times that beside other test files.
  }, 60_000);

  it('Linux gets a PNG per size, named by size as electron-builder expects', () => {
    for (const size of LINUX_SIZES as number[]) {
      const { width, height } = png(fs.readFileSync(path.join(build, 'icons', `${size}x${size}.png`)));
      expect([width, height]).toEqual([size, size]);
    }
  });

  it('the app icon is a rounded square: transparent corners, opaque centre', () => {
    const { width, alpha } = png(fs.readFileSync(path.join(build, 'icon.png')));
    expect(width).toBe(1024);
    expect(alpha(2, 2)).toBe(0);
    expect(alpha(512, 512)).toBe(255);
  });

  it('the macOS tray icon is a template: black with alpha only', () => {
    const data = fs.readFileSync(path.join(build, 'app-icons', 'trayTemplate@2x.png'));
    const { width, pixel } = png(data);
    expect(width).toBe(32);
    const pixels = Array.from({ length: 32 * 32 }, (_, i) => pixel(i % 32, Math.floor(i / 32)));
    expect(pixels.every(([r, g, b]) => r === 0 && g === 0 && b === 0)).toBe(true);
    expect(pixels.some(([, , , a]) => a === 255)).toBe(true);
  });

  it('icon.ico lists 16–256 px PNG images that point inside the file', () => {
    const ico = fs.readFileSync(path.join(build, 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const size = ico[entry] === 0 ? 256 : ico[entry]!;
      const bytes = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(png(ico.subarray(offset, offset + bytes)).width).toBe(size);
      sizes.push(size);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('icon.icns holds PNG entries up to 1024 px (512@2x), each of its declared size', () => {
    const icns = fs.readFileSync(path.join(build, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Record<string, number> = {};
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('ascii', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      found[type] = png(icns.subarray(at + 8, at + length)).width;
      at += length;
    }
    expect(found).toEqual(ICNS_TYPES);
  });

  it('the hardened-runtime entitlements file exists and grants JIT only', () => {
    const plist = fs.readFileSync(path.join(build, 'entitlements.mac.plist'), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });
});
