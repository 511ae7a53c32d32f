import type { Page } from '@playwright/test';
import { contract } from '../../common/contract';
import { account, expect, register, test } from './fixtures';

// Settings → Team server belongs to the desktop app, which browser mode cannot run. The window's side is
// driven here with a stand-in for the preload bridge: team.* answered by a small fake of the main process
// (tests/integration/remote/team-connection.test.ts tests the real one), everything else sent to the real
// browser-mode server the way the preload's IPC reaches the core.

const routes = Object.fromEntries(Object.entries(contract).map(([name, op]) => [name, { method: op.method, path: op.path }]));

async function standInBridge(page: Page): Promise<void> {
  await page.addInitScript((table: Record<string, { method: string; path: string }>) => {
    type Connection = { mode: 'local' } | { mode: 'team'; url: string; username: string; signed_in: boolean; message: string | null };
    // Runs in the page (this file is type-checked without the DOM's types): the tab's storage survives the reloads.
    const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } }).sessionStorage;
    const load = (): Connection => JSON.parse(storage.getItem('stand-in-team') ?? '{"mode":"local"}') as Connection;
    const save = (c: Connection) => storage.setItem('stand-in-team', JSON.stringify(c));
    const user = (username: string) => ({ id: 1, email: `${username}@example.com`, username, company_name: null, created_at: '', updated_at: '' });
    const refuse = (field: string, message: string) => ({ ok: false, error: { code: 'validation', message: `${field}: ${message}`, fields: { [field]: message } } });
    const team: Record<string, (input: Record<string, string>) => unknown> = {
      'team.connection': () => ({ ok: true, data: { connection: load() } }),
      'team.connect': (input) => {
        if (!/^https:\/\//.test(input.url ?? '')) return refuse('url', 'A team server is reached over https://');
        if (input.password !== 'team-password') return { ok: false, error: { code: 'unauthorized', message: 'Wrong username or password' } };
        if (input.username === 'otto') return { ok: true, data: { two_factor: { challenge: 'c'.repeat(43), expires_at: '2030-01-01T00:00:00Z' } } };
        save({ mode: 'team', url: input.url!.replace(/\/$/, ''), username: input.username!, signed_in: true, message: null });
        return { ok: true, data: { connection: load(), user: user(input.username!) } };
      },
      'team.verify': (input) => {
        if (input.code !== '123456') return refuse('code', 'That code is not right');
        save({ mode: 'team', url: 'https://spend.example.com', username: 'otto', signed_in: true, message: null });
        return { ok: true, data: { connection: load(), user: user('otto') } };
      },
      'team.disconnect': () => (save({ mode: 'local' }), { ok: true, data: { connection: { mode: 'local' } } }),
    };
    async function relay(name: string, input: Record<string, unknown>) {
      const op = table[name]!;
      const rest = { ...input };
      const path = op.path.replace(/:(\w+)/g, (_: string, key: string) => {
        const value = rest[key];
        delete rest[key];
        return encodeURIComponent(String(value));
      });
      const body = op.method === 'POST' || op.method === 'PUT';
      const query = new URLSearchParams(Object.entries(rest).filter(([, v]) => v !== undefined && v !== null).map(([k, v]): [string, string] => [k, String(v)])).toString();
      const res = await fetch(path + (body || !query ? '' : `?${query}`), { method: op.method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(rest) : undefined });
      const json = (await res.json().catch(() => null)) as { error?: string; code?: string; fields?: unknown } | null;
      return res.ok ? { ok: true, data: json } : { ok: false, error: { code: json?.code ?? 'internal', message: json?.error ?? `HTTP ${res.status}`, fields: json?.fields } };
    }
    Object.defineProperty(globalThis, 'spend', {
      value: new Proxy(
        {},
        { get: (_, name: string) => (name === 'on' ? () => () => {} : async (input?: Record<string, string>) => (team[name] ? team[name](input ?? {}) : relay(name, input ?? {}))) },
      ),
    });
  }, routes);
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

test('a browser shows no Team server section and no team badge: it is on a server already', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('bea'));
  await openSettings(page);
  await expect(page.getByRole('region', { name: 'General' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Team server' })).toHaveCount(0);
  await expect(page.getByText('On team server')).toHaveCount(0);
});

test('the desktop window connects to a team server from Settings, says so in the sidebar, and goes back to its own file after a confirmation', async ({ page, server }) => {
  await standInBridge(page);
  await page.goto(server.url);
  await register(page, account('tom'));
  await openSettings(page);
  const section = page.getByRole('region', { name: 'Team server' });

  await section.getByLabel('Server address').fill('http://spend.example.com');
  await section.getByLabel('Username or email').fill('tom');
  await section.getByLabel('Password').fill('team-password');
  await section.getByRole('button', { name: 'Connect' }).click();
  await expect(section.getByLabel('Server address')).toBeFocused();
  await expect(section.getByText('A team server is reached over https://')).toBeVisible();

  await section.getByLabel('Server address').fill('https://spend.example.com');
  await section.getByLabel('Password').fill('wrong');
  await section.getByRole('button', { name: 'Connect' }).click();
  await expect(section.getByText('Wrong username or password')).toBeVisible();

  await section.getByLabel('Password').fill('team-password');
  await section.getByRole('button', { name: 'Connect' }).click();
  // The window starts afresh on the team's side.
  await expect(page.getByRole('link', { name: 'On team server spend.example.com' })).toBeVisible();
  await openSettings(page);
  await expect(section).toContainText('Connected to https://spend.example.com as tom.');
  // The team server sends the emails: no SMTP of this computer's to set up.
  await expect(page.getByRole('region', { name: 'Email (SMTP)' })).toHaveCount(0);

  await section.getByRole('button', { name: 'Disconnect' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Disconnect from the team server?' });
  await expect(dialog).toContainText("Nothing of the team's data stays on this computer");
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(section).toContainText('Connected to https://spend.example.com');
  await section.getByRole('button', { name: 'Disconnect' }).click();
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByText('On team server')).toHaveCount(0);
  await openSettings(page);
  await expect(section.getByLabel('Server address')).toHaveValue('');
  await expect(page.getByRole('region', { name: 'Email (SMTP)' })).toBeVisible();
});

test('the desktop window asks for the authenticator code when the team account has two-factor on', async ({ page, server }) => {
  await standInBridge(page);
  await page.goto(server.url);
  await register(page, account('otto'));
  await openSettings(page);
  const section = page.getByRole('region', { name: 'Team server' });
  await section.getByLabel('Server address').fill('https://spend.example.com');
  await section.getByLabel('Username or email').fill('otto');
  await section.getByLabel('Password').fill('team-password');
  await section.getByRole('button', { name: 'Connect' }).click();
  await section.getByLabel('Code from your authenticator app').fill('000000');
  await section.getByRole('button', { name: 'Verify and connect' }).click();
  await expect(section.getByText('That code is not right')).toBeVisible();
  await section.getByLabel('Code from your authenticator app').fill('123456');
  await section.getByRole('button', { name: 'Verify and connect' }).click();
  await expect(page.getByRole('link', { name: 'On team server spend.example.com' })).toBeVisible();
});
