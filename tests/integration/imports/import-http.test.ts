import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestHttp, type HttpClient, type TestHttp } from '../../support/http';
import { testClock } from '../../support/clock';

// Import and export over real HTTP in browser mode, and a corpus of malformed files: each is refused with a
// clear error in words, and nothing of it is saved (no subscription, no import in the list).

let server: TestHttp;
let client: HttpClient;
beforeEach(async () => {
  server = await startTestHttp({ core: { clock: testClock('2026-12-03T09:00:00Z', 'UTC') } });
  client = server.client();
  expect((await client.request('POST', '/api/auth/register', { email: 'ana@example.com', username: 'ana', password: 'correct horse battery', company_name: 'Acme' })).status).toBe(201);
});
afterEach(async () => {
  await server.close();
});

const raw = (text: string | Uint8Array) => (typeof text === 'string' ? new TextEncoder().encode(text) : text);
const upload = (body: string | Uint8Array, query = '') => client.request('POST', `/api/import/preview${query}`, raw(body), { 'content-type': 'text/csv' });

async function nothingSaved(): Promise<void> {
  expect((await client.request('GET', '/api/expenses')).body.expenses).toEqual([]);
  expect((await client.request('GET', '/api/imports')).body.imports).toEqual([]);
}

describe('import over HTTP', () => {
  it('previews a multipart upload (its file name kept), commits it, lists it, exports it, and undoes it', async () => {
    const form = new FormData();
    form.append('file', new Blob(['Name;Price;Next payment\nFigma;45.00;2027-01-31\n']), 'tools.csv');
    const res = await fetch(`${server.url}/api/import/preview`, { method: 'POST', body: form, headers: { cookie: client.cookie! } });
    expect(res.status).toBe(200);
    const { preview } = (await res.json()) as { preview: { id: number; file_name: string; separator: string; will_create: number } };
    expect(preview).toMatchObject({ file_name: 'tools.csv', separator: ';', will_create: 1 });

    const commit = await client.request('POST', '/api/import/commit', { id: preview.id });
    expect(commit.status).toBe(200);
    expect(commit.body.import).toMatchObject({ created: 1, skipped: 0 });
    expect((await client.request('GET', `/api/import/${preview.id}/progress`)).body.progress).toEqual({ id: preview.id, state: 'committed', done: 1, total: 1 });
    expect((await client.request('GET', '/api/imports')).body.imports).toMatchObject([{ id: preview.id, file_name: 'tools.csv', created: 1, can_undo: true }]);

    const csv = await client.request('GET', '/api/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain('attachment; filename="spend-manager-subscriptions-acme-2026-12-03.csv"');
    expect(String(csv.body)).toContain('Figma,45.00,USD,Monthly,2027-01-31,');
    expect((await client.request('GET', '/api/export?format=xml')).body).toMatchObject({ code: 'validation', error: 'format: Format must be csv or json' });

    const undo = await client.request('DELETE', `/api/import/${preview.id}`);
    expect(undo.status).toBe(200);
    expect(undo.body).toMatchObject({ removed: 1, import: { state: 'undone' } });
    expect((await client.request('GET', '/api/expenses')).body.expenses).toEqual([]);
  });

  it('answers the progress of a large commit while it runs, with counts (on SQLite too: reads no longer queue behind the commit)', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `Tool ${i};${(i % 90) + 1}.50;2027-0${(i % 9) + 1}-15`);
    const preview = (await upload(`Name;Price;Next payment\n${rows.join('\n')}\n`)).body.preview as { id: number; will_create: number };
    expect(preview.will_create).toBe(3000);

    let settled = false;
    const commit = client.request('POST', '/api/import/commit', { id: preview.id }).finally(() => (settled = true));
    const seen: { state: string; done: number; total: number }[] = [];
    while (!settled) {
      const answer = await client.request('GET', `/api/import/${preview.id}/progress`);
      expect(answer.status).toBe(200);
      if (!settled) seen.push(answer.body.progress);
    }
    expect((await commit).body.import).toMatchObject({ created: 3000 });
    const running = seen.filter((p) => p.state === 'committing');
    expect(running.length, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(running.every((p) => p.total === 3000 && p.done >= 0 && p.done <= 3000)).toBe(true);
    expect(running.map((p) => p.done)).toEqual([...running.map((p) => p.done)].sort((a, b) => a - b));
    expect((await client.request('GET', `/api/import/${preview.id}/progress`)).body.progress).toEqual({ id: preview.id, state: 'committed', done: 3000, total: 3000 });
  });

  it('refuses a viewer, and a signed-out client', async () => {
    const anonymous = server.client();
    expect((await anonymous.request('POST', '/api/import/preview', raw('Name,Amount\nA,1\n'), { 'content-type': 'text/csv' })).status).toBe(401);
    expect((await anonymous.request('GET', '/api/export')).status).toBe(401);
  });
});

describe('malformed files', () => {
  let fiftyMegabytes: Uint8Array;
  beforeAll(() => {
    fiftyMegabytes = new Uint8Array(50 * 1024 * 1024 + 1).fill(0x41);
  });

  const corpus: Array<[what: string, body: () => string | Uint8Array, status: number, message: RegExp, query?: string]> = [
    ['an empty file', () => '', 400, /^file: Choose a file to send$/],
    ['only blank lines', () => '\n\n  \n', 400, /^The file is empty: it has no header and no rows\.$/],
    ['a header only', () => 'Name,Amount,Renewal date\n', 400, /^The file has a header \('Name', 'Amount', 'Renewal date'\) but no rows below it\.$/],
    ['the wrong separator chosen', () => 'Name;Amount\nA;1\n', 400, /^The header line has no comma ',' but has the semicolon ';': choose the semicolon ';' as the separator\.$/, '?separator=comma'],
    ['binary bytes', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 400, /^This is not a text file \(it has NUL bytes/],
    ['a spreadsheet workbook', () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), 400, /looks like a spreadsheet workbook \(\.xlsx or \.ods\)\. Save it as CSV/],
    ['UTF-16', () => new Uint8Array([0xff, 0xfe, 0x4e, 0, 0x61, 0]), 400, /in UTF-16/],
    ['unbalanced quotes', () => 'Name,Amount,Renewal date\n"Figma,45,2027-01-01\nSlack,8,2027-01-01\n', 400, /^Row 2: a quoted cell is never closed/],
    ['10,000 columns', () => `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(9_999)}1\n`, 400, /^The file has 10,000 columns; an import reads at most 200\.$/],
    ['a JSON that is not a Wallos export', () => JSON.stringify({ users: [{ id: 1 }] }), 400, /^This JSON is neither a Wallos export .* nor this app’s export/],
    ['broken JSON', () => '[{"Name": "Netflix", ', 400, /^The file starts like JSON but is not valid JSON/],
    ['more than 200,000 rows', () => `Name,Amount\n${'A,1\n'.repeat(200_001)}`, 413, /^The file has more than 200,000 rows, the most an import reads: split it into smaller files\.$/],
    ['a 50 MB file', () => fiftyMegabytes, 413, /^The file is larger than 50 MB, the most this accepts$/],
  ];

  for (const [what, body, status, message, query] of corpus) {
    it(`refuses ${what} in words and saves nothing`, async () => {
      const res = await upload(body(), query);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatch(message);
      await nothingSaved();
    });
  }

  it('reads formula cells as text: nothing is evaluated, and the export escapes them again', async () => {
    const res = await upload('Name,Amount,Renewal date,Notes\n"=HYPERLINK(""http://x"",""y"")",1,2027-01-01,@SUM(A1)\n');
    expect(res.status).toBe(200);
    expect(res.body.preview.rows[0].expense).toMatchObject({ name: '=HYPERLINK("http://x","y")', description: '@SUM(A1)' });
    await client.request('POST', '/api/import/commit', { id: res.body.preview.id });
    expect(String((await client.request('GET', '/api/export')).body)).toContain(`"'=HYPERLINK(""http://x"",""y"")",1.00,USD,Monthly,2027-01-01,Other,'@SUM(A1),`);
  });

  it('shows a file with no recognisable column as a preview that says so, and refuses to commit it', async () => {
    const res = await upload('foo,bar\n1,2\n');
    expect(res.status).toBe(200);
    expect(res.body.preview.mapping_problem).toBe("No column is recognisable as a name or an amount: found 'foo', 'bar'. Choose which column holds what.");
    const commit = await client.request('POST', '/api/import/commit', { id: res.body.preview.id });
    expect(commit.status).toBe(400);
    expect(commit.body.error).toBe(res.body.preview.mapping_problem);
    expect((await client.request('GET', '/api/expenses')).body.expenses).toEqual([]);
  });
});
