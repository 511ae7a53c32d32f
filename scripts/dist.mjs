#!/usr/bin/env node
// `npm run dist`: build the app, then package the installers for this OS with electron-builder
// (Linux: AppImage + deb, macOS: dmg, Windows: nsis; see electron-builder.yml).
// Extra arguments go to electron-builder, e.g. `npm run dist -- --dir` for an unpacked folder only.
// Needs network on first use: Electron's zip, its headers for the native rebuild, and the target tools.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distDir, root } from './build-lib.mjs';
import { desktopToolingEngines, nodeVersionNotice } from './desktop-checks.mjs';
import { builderConfig, keytarBuilt, packagingProblem, readBuilderConfig } from './dist-config.mjs';

const PLATFORM_FLAG = { linux: '--linux', darwin: '--mac', win32: '--win' };

/**
 * electron-builder rebuilds better-sqlite3 for Electron's ABI inside node_modules (npmRebuild);
 * tests and browser mode need the Node build, so it is put back afterwards, whatever happened.
 */
export function keepingNodeBuild(projectDir, task) {
  const build = path.join(projectDir, 'node_modules', 'better-sqlite3', 'build');
  const saved = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-sqlite-node-'));
  const had = fs.existsSync(build);
  if (had) fs.cpSync(build, saved, { recursive: true });
  try {
    return task();
  } finally {
    if (had) {
      fs.rmSync(build, { recursive: true, force: true });
      fs.cpSync(saved, build, { recursive: true });
    }
    fs.rmSync(saved, { recursive: true, force: true });
  }
}

function main() {
  if (distDir !== path.join(root, 'dist')) {
    // electron-builder.yml packs dist/; a build elsewhere would silently package stale files.
    console.error(`npm run dist packs dist/; unset SPEND_DIST_DIR (now ${distDir}).`);
    return 1;
  }
  const flag = PLATFORM_FLAG[process.platform];
  if (!flag) {
    console.error(`npm run dist: no installer target for ${process.platform}.`);
    return 1;
  }
  const nodeNotice = nodeVersionNotice(process.version, desktopToolingEngines(root));
  if (nodeNotice) console.log(`[dist] ${nodeNotice}`);
  const problem = packagingProblem({ keytarBuilt: keytarBuilt(root) });
  if (problem) {
    console.error(`npm run dist: ${problem}.`);
    return 1;
  }
  const run = (file, args) => spawnSync(file, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
  let status = run(process.execPath, [path.join(root, 'scripts/build.mjs')]);
  if (status === 0) {
    // electron-builder.yml with this platform's differences (asar integrity, macOS signing): see dist-config.mjs.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-dist-'));
    const configFile = path.join(work, 'electron-builder.json');
    fs.writeFileSync(configFile, JSON.stringify(builderConfig(readBuilderConfig(root), { platform: process.platform, env: process.env })));
    const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
    const args = [cli, flag, '--config', configFile, ...process.argv.slice(2)];
    if (!process.argv.includes('--publish')) args.push('--publish', 'never');
    try {
      status = keepingNodeBuild(root, () => run(process.execPath, args));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    if (status === 0) console.log(`Installers are in ${path.join(root, 'release')}`);
  }
  return status;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
