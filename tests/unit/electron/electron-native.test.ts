import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
// @ts-expect-error: plain ESM script without type declarations
import { electronNativePath, executableArch, installedElectronArch, nodeGypCommand, prebuildCommand, sourceCopyFilter } from '../../../scripts/electron-native.mjs';

const root = path.resolve(__dirname, '../../..');

/** The first bytes of an executable of each format, as the linker writes them. */
function elf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 1; // little-endian
  b.writeUInt16LE(machine, 18);
  return b;
}
function machO(cpu: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpu, 4);
  return b;
}
function pe(machine: number): Buffer {
  const b = Buffer.alloc(0x100);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(machine, 0x84);
  return b;
}

describe('the architecture the SQLite driver is built for', () => {
  it('reads it from the executable: ELF (Linux), Mach-O (macOS), PE (Windows)', () => {
    expect(executableArch(elf(0x3e))).toBe('x64');
    expect(executableArch(elf(0xb7))).toBe('arm64');
    expect(executableArch(machO(0x0100000c))).toBe('arm64');
    expect(executableArch(machO(0x01000007))).toBe('x64');
    expect(executableArch(pe(0x8664))).toBe('x64');
    expect(executableArch(pe(0xaa64))).toBe('arm64');
    expect(executableArch(Buffer.from('#!/bin/sh\necho not a binary\n'))).toBeNull();
  });

  it('this machine: the Node executable is read as the architecture Node reports', () => {
    expect(installedElectronArch(process.execPath, 'none')).toBe(process.arch);
  });

  it('x64 Node under Rosetta on Apple Silicon: the arm64 Electron it downloaded decides, not process.arch', () => {
    const dir = tempDir();
    const electron = path.join(dir, 'Electron.app', 'Contents', 'MacOS', 'Electron');
    fs.mkdirSync(path.dirname(electron), { recursive: true });
    fs.writeFileSync(electron, Buffer.concat([machO(0x0100000c), Buffer.alloc(8192)]));
    const arch = installedElectronArch(electron, 'x64');
    expect(arch).toBe('arm64');
    expect(electronNativePath(root, '45.5.0', arch, 'darwin')).toMatch(/electron-45\.5\.0-darwin-arm64[/\\]better_sqlite3\.node$/);
    expect(prebuildCommand({ prebuildInstall: '/p/bin.js', execPath: '/usr/local/bin/node', electronVersion: '45.5.0', arch }).args).toEqual(
      expect.arrayContaining(['--arch', 'arm64', '--runtime', 'electron', '--target', '45.5.0']),
    );
    expect(nodeGypCommand({ nodeGyp: '/g.js', execPath: '/usr/local/bin/node', electronVersion: '45.5.0', arch }).args).toContain('--arch=arm64');
  });

  it('an unreadable executable falls back to the architecture of this Node', () => {
    expect(installedElectronArch(path.join(tempDir(), 'missing'), 'x64')).toBe('x64');
  });
});

describe('the copy of better-sqlite3 that is built for Electron', () => {
  it('a checkout inside a folder named "build" still copies the sources, leaving out only the package\'s own build/', () => {
    const source = path.join(tempDir(), 'build', 'spend-manager', 'node_modules', 'better-sqlite3');
    for (const file of ['package.json', 'binding.gyp', 'lib/index.js', 'src/better_sqlite3.cpp', 'deps/sqlite3/sqlite3.c', 'build/Release/better_sqlite3.node']) {
      fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
      fs.writeFileSync(path.join(source, file), file);
    }
    const copy = tempDir();
    fs.cpSync(source, copy, { recursive: true, filter: sourceCopyFilter(source) });
    expect(fs.readFileSync(path.join(copy, 'src/better_sqlite3.cpp'), 'utf8')).toBe('src/better_sqlite3.cpp');
    expect(fs.existsSync(path.join(copy, 'binding.gyp'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'lib/index.js'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'deps/sqlite3/sqlite3.c'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'build'))).toBe(false);
  });

  it('the same on Windows paths (C:\\build\\...)', () => {
    const source = 'C:\\build\\spend-manager\\node_modules\\better-sqlite3';
    const keep = sourceCopyFilter(source, path.win32);
    expect(keep(source)).toBe(true);
    expect(keep(`${source}\\src\\better_sqlite3.cpp`)).toBe(true);
    expect(keep(`${source}\\build`)).toBe(false);
    expect(keep(`${source}\\build\\Release\\better_sqlite3.node`)).toBe(false);
  });
});

describe('the source build when no prebuilt driver exists', () => {
  const machines = [
    { platform: 'linux', execPath: '/usr/bin/node', nodeGyp: '/home/a/spend/node_modules/node-gyp/bin/node-gyp.js' },
    { platform: 'darwin', execPath: '/opt/homebrew/bin/node', nodeGyp: '/Users/a/spend/node_modules/node-gyp/bin/node-gyp.js' },
    { platform: 'win32', execPath: 'C:\\Program Files\\nodejs\\node.exe', nodeGyp: 'C:\\Users\\a\\spend\\node_modules\\node-gyp\\bin\\node-gyp.js' },
  ];
  for (const m of machines) {
    it(`${m.platform}: runs the project's node-gyp with this Node executable, no npx, no shell`, () => {
      const command = nodeGypCommand({ nodeGyp: m.nodeGyp, execPath: m.execPath, electronVersion: '45.5.0', arch: 'x64' });
      expect(command).toEqual({
        command: m.execPath,
        args: [m.nodeGyp, 'rebuild', '--release', '--target=45.5.0', '--arch=x64', '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
        shell: false,
      });
    });
  }

  it("node-gyp resolves from the project (a devDependency) and that command really starts it", () => {
    const nodeGyp = createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
    const { command, args, shell } = nodeGypCommand({ nodeGyp, execPath: process.execPath, electronVersion: '45.5.0', arch: process.arch });
    const run = spawnSync(command, [args[0], '--version'], { shell, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(/^v\d+\.\d+\.\d+$/);
  });
});
