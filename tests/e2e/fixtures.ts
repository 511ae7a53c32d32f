import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface BrowserModeServer {
  url: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
}

/** Starts the built browser-mode server (dist/main/serve.cjs) on a free port with its own data folder. */
export async function startServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<BrowserModeServer & { child: ChildProcess; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-e2e-'));
  // Exchange rates from a loopback port that refuses, unless a test serves its own: no test reaches the ECB.
  const env = { ...process.env, SPEND_MANAGER_RATES_URL: 'http://127.0.0.1:9/eurofxref-daily.xml', ...extraEnv, SPEND_MANAGER_DATA_DIR: dataDir, PORT: '0' };
  const child = spawn(process.execPath, [path.resolve(process.env.SPEND_DIST_DIR ?? 'dist', 'main/serve.cjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    env,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ server: BrowserModeServer }>({
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
  },
});

export { expect };

export interface Account {
  email: string;
  username: string;
  password: string;
  company: string;
}

export function account(name: string): Account {
  return { email: `${name}@example.com`, username: name, password: `${name}-password-123`, company: `${name[0]!.toUpperCase()}${name.slice(1)} GmbH` };
}

export async function register(page: Page, who: Account): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Work email').fill(who.email);
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Company name').fill(who.company);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('main#main')).toBeVisible();
}

export async function signIn(page: Page, who: Pick<Account, 'username' | 'password'>): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username or email').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}
