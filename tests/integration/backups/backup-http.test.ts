import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHttp, type TestHttp } from '../../support/http';
import { testClock } from '../../support/clock';

// Backup, restore and the accounting export over real HTTP in browser mode: the file comes back as bytes with
// its name, a backup goes up as the raw body, the confirm path takes the preview's id.

let server: TestHttp;
beforeEach(async () => {
  server = await startTestHttp({ core: { clock: testClock('2026-12-02T09:00:00Z', 'UTC') } });
});
afterEach(async () => {
  await server.close();
});

describe('backups over HTTP', () => {
  it('downloads a backup, previews it as an upload, confirms it, and exports bills as a CSV attachment', async () => {
    const client = server.client();
    expect((await client.request('POST', '/api/auth/register', { email: 'ana@example.com', username: 'ana', password: 'correct horse battery', company_name: 'Acme' })).status).toBe(201);
    expect((await client.request('POST', '/api/expenses', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-12-31' })).status).toBe(201);

    const backup = await client.request('POST', '/api/backup', {});
    expect(backup.status).toBe(200);
    expect(backup.headers.get('content-disposition')).toContain('filename="spend-manager-backup-acme-2026-12-02.json"');
    expect(backup.body).toMatchObject({ format: 'spend-manager/workspace-backup', version: 1 });

    await client.request('POST', '/api/expenses', { name: 'Notion', category: 'Productivity', amount: 10, renewal_date: '2026-12-20' });
    const preview = await client.request('POST', '/api/restore', new TextEncoder().encode(JSON.stringify(backup.body)), { 'content-type': 'application/octet-stream' });
    expect(preview.status).toBe(200);
    expect(preview.body.summary).toMatch(/^Replaces 2 subscriptions with 1 from the backup of Dec 2, 2026 \(workspace 'Acme'\)/);
    const done = await client.request('POST', `/api/restore/${preview.body.id}/confirm`, {});
    expect(done.status).toBe(200);
    expect((await client.request('GET', '/api/expenses')).body.expenses.map((e: { name: string }) => e.name)).toEqual(['Figma']);

    const bills = await client.request('GET', '/api/export/accounting?format=quickbooks&from=2026-12-01&to=2026-12-31');
    expect(bills.status).toBe(200);
    expect(bills.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(String(bills.body)).toContain('Bill No.,Supplier,Bill Date,Due Date,Account,Line Description,Line Amount,Currency');

    const bad = await client.request('POST', '/api/restore', 'not a backup', { 'content-type': 'text/plain' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation', error: expect.stringMatching(/not a Spend Manager backup/) });
  });
});
