import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from '../../../main/config/serve-options';
import { tempDir } from '../../support/temp';

// The browser-mode entry itself (what `npm run serve` runs), built and started as a user starts it.

const root = path.resolve(__dirname, '../../..');
let distDir: string;
beforeAll(() => {
  // The real build step for dist/main/serve.cjs, into a folder of this test's own.
  distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-serve-'));
  const built = spawnSync(process.execPath, ['--input-type=module', '-e', "await (await import('./scripts/build-lib.mjs')).buildServe()"], {
    cwd: root,
    env: { ...process.env, SPEND_DIST_DIR: distDir },
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
}, 60_000);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(() => fs.rmSync(distDir, { recursive: true, force: true }));

function occupy(port: number): Promise<void> {
  return new Promise((resolve) => {
    const blocker = net.createServer();
    // Held by another program already: taken all the same.
    blocker.once('error', () => resolve());
    blocker.listen(port, '127.0.0.1', () => {
      cleanups.push(() => new Promise((done) => blocker.close(() => done())));
      resolve();
    });
  });
}

/** Runs main/serve.ts until it prints its URL or exits. */
function serve(env: NodeJS.ProcessEnv): Promise<{ output: string; url?: string; code?: number | null; log: () => string }> {
  const child = spawn(process.execPath, [path.join(distDir, 'main/serve.cjs')], {
    // NODE_PATH: the native modules the bundle leaves outside, from this checkout.
    env: { ...process.env, PORT: undefined, NODE_PATH: path.join(root, 'node_modules'), SPEND_MANAGER_DATA_DIR: tempDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  });
  return new Promise((resolve) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ output, url: match[1]!, log: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ output, code, log: () => output }));
  });
}

describe('npm run serve', () => {
  it('takes the next free port when the default port is in use, and says so', async () => {
    await occupy(DEFAULT_PORT);
    const started = await serve({});
    expect(started.url, started.output).toBeDefined();
    const port = Number(new URL(started.url!).port);
    expect(port).toBeGreaterThan(DEFAULT_PORT);
    expect(started.output).toContain(`Port ${DEFAULT_PORT} is in use; trying ${DEFAULT_PORT + 1}.`);
    expect((await fetch(`${started.url}/api/app/status`)).status).toBe(200);
  }, 60_000);

  it('exits with a clear message when the port given with PORT is in use', async () => {
    await occupy(DEFAULT_PORT);
    const started = await serve({ PORT: String(DEFAULT_PORT) });
    expect(started.url).toBeUndefined();
    expect(started.code).toBe(1);
    expect(started.output).toContain(`spend-manager serve: port ${DEFAULT_PORT} is already in use; pick another with --port or PORT`);
  }, 60_000);

  it('saves V8’s code cache of its bundle on the first start, in the folder given, and starts from it the next time', async () => {
    const cacheDir = tempDir();
    const first = await serve({ PORT: '0', SPEND_MANAGER_CODE_CACHE_DIR: cacheDir });
    expect(first.url, first.output).toBeDefined();
    // Saved a second after start (or at exit): the functions start-up compiled are in it.
    await cleanups.pop()!();
    const saved = fs.readdirSync(cacheDir);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^serve-app-[0-9a-f]{32}-v8-.+\.cache$/);
    const second = await serve({ PORT: '0', SPEND_MANAGER_CODE_CACHE_DIR: cacheDir });
    expect((await fetch(`${second.url}/api/app/status`)).status).toBe(200);
    expect(fs.readdirSync(cacheDir)).toEqual(saved);
  }, 60_000);

  it('runs its database upkeep on a thread of its own from the bundle: the daily backup is written there at start, with no fallback to the main thread', async () => {
    const dataDir = tempDir();
    const started = await serve({ PORT: '0', SPEND_MANAGER_DATA_DIR: dataDir });
    expect(started.url, started.output).toBeDefined();
    const backups = path.join(dataDir, 'backups');
    const deadline = Date.now() + 20_000;
    const written = () => (fs.existsSync(backups) ? fs.readdirSync(backups).filter((n) => /^spend-manager-daily-.*\.db$/.test(n)) : []);
    while (written().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written()).toHaveLength(1);
    await cleanups.pop()!();
    const log = started.log();
    expect(log).toContain('daily backup written');
    expect(log).not.toContain('upkeep stays on the main thread');
    expect(log).not.toContain('upkeep thread stopped');
  }, 60_000);
});
