import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `spend-manager serve` as a user runs it: the built entry (dist/main/serve.cjs) in a process of its
// own. No vitest here, so the bench starts servers the same way the tests do.

// import.meta.url: this file runs under vitest and, in the bench, as an ES module under tsx.
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface BuiltServe {
  /** The built dist/main/serve.cjs. */
  entry: string;
  remove(): void;
}

/**
 * SPEND_SERVE_ENTRY: a serve entry `npm test` has just built from this checkout (scripts/test.mjs sets it
 * after its build step), so the tests that start servers do not each build one again.
 */
export const PREBUILT_SERVE_ENV = 'SPEND_SERVE_ENTRY';

/** The serve entry `npm test` built, if it names one that exists; else the real build step, into a folder of the caller's own. */
export function serveEntry(): BuiltServe {
  const prebuilt = process.env[PREBUILT_SERVE_ENV];
  if (prebuilt && fs.existsSync(prebuilt)) return { entry: prebuilt, remove: () => {} };
  return buildServeEntry();
}

/** The real build step for the serve entry, into a folder of the caller's own. */
export function buildServeEntry(): BuiltServe {
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-serve-'));
  const built = spawnSync(process.execPath, ['--input-type=module', '-e', "await (await import('./scripts/build-lib.mjs')).buildServe()"], {
    cwd: root,
    env: { ...process.env, SPEND_DIST_DIR: distDir },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`building the serve entry failed: ${built.stderr}`);
  return { entry: path.join(distDir, 'main/serve.cjs'), remove: () => fs.rmSync(distDir, { recursive: true, force: true }) };
}

export interface ServeProcess {
  child: ChildProcess;
  /** Its URL once it listens; rejects if it exits first. */
  url: Promise<string>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM (a clean stop) unless it has exited already; resolves when it has. */
  stop(): Promise<void>;
}

/** Where a spawned server fetches exchange rates unless a test says otherwise: a loopback port that refuses (no test reaches the ECB). */
const NO_RATES_URL = 'http://127.0.0.1:9/eurofxref-daily.xml';

/** Starts the built entry with `env` over this process's environment (PORT=0: any free port). */
const TEST_CODE_CACHE = path.join(os.tmpdir(), `spend-test-code-cache-${os.userInfo().uid}`);

export function startServe(entry: string, env: NodeJS.ProcessEnv): ServeProcess {
  const child = spawn(process.execPath, [entry], {
    // NODE_PATH: the native modules the bundle leaves outside, from this checkout.
    // The bundle's code cache in a folder the suite shares, not the user's own (main/boot/code-cache.ts).
    env: { ...process.env, PORT: '0', NODE_PATH: path.join(root, 'node_modules'), SPEND_MANAGER_CODE_CACHE_DIR: TEST_CODE_CACHE, SPEND_MANAGER_RATES_URL: NO_RATES_URL, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`serve exited (${code ?? signal}) before listening: ${output.slice(-2000)}`)));
  });
  // Awaited by the caller when it gets that far; an early exit elsewhere must not crash the run.
  url.catch(() => {});
  return {
    child,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
