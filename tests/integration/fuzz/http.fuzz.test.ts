import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, OPERATION_NAMES, type OperationName } from '../../../common/contract';
import { startTestHttp, type HttpClient, type TestHttp } from '../../support/http';
import { accountChecksum, expectTypedRefusal, fuzzSettings, invalidInput, isAccountDataOperation, looseInput } from './support';

// Every contract operation through the real HTTP server: invalid input is always a typed 4xx that
// changes nothing; any input at all (valid or not) never gets a 5xx. Malformed %-escapes, cookies and
// dot segments (transport junk) are in http-transport.fuzz.test.ts.

const { seed, numRuns } = fuzzSettings('http.fuzz');
const BAD_IDS = ['0x1', '1.0', '+1', '01', '1e0', ' 1', '-1', '0', 'abc', '9'.repeat(30), '１', '__proto__', 'constructor'];

let http: TestHttp;
let client: HttpClient;
let userId: number;
let ownId: number;

beforeAll(async () => {
  http = await startTestHttp();
  client = http.client();
  const registered = await client.request('POST', '/api/auth/register', { email: 'fuzz@example.com', username: 'fuzzer', password: 'correct horse battery' });
  userId = registered.body.user.id;
  await client.request('PUT', '/api/settings', { rates: [{ currency: 'EUR', rate: '1.08' }, { currency: 'KWD', rate: '3.25' }] });
  for (const [i, cycle] of ['monthly', 'weekly', 'yearly'].entries()) {
    const created = await client.request('POST', '/api/expenses', { name: `Plan ${i}`, amount: 10 + i, billing_cycle: cycle, renewal_date: '2027-01-15', status: i === 2 ? 'trial' : 'active' });
    ownId = created.body.expense.id;
  }
});
afterAll(async () => {
  await http.close();
});

function queryString(input: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) params.append(key, typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** One request for `name`: path parameters from the input (or a real id), the rest in the query or the JSON body. */
async function send(name: OperationName, input: Record<string, unknown>, id: string) {
  const op = contract[name];
  const fields = { ...input };
  const path = op.path.replace(/:(\w+)/g, (_, param: string) => {
    const value = param in fields ? fields[param] : id;
    delete fields[param];
    // A URL cannot carry a lone surrogate; U+FFFD in its place keeps the id just as invalid.
    return encodeURIComponent((typeof value === 'string' ? value : JSON.stringify(value) ?? '').replace(/[\ud800-\udfff]/g, '\ufffd'));
  });
  const res = op.method === 'GET' || op.method === 'DELETE' ? await client.request(op.method, path + queryString(fields)) : await client.request(op.method, path, fields);
  return { res, label: `${op.method} ${path} ${JSON.stringify(fields).slice(0, 200)}` };
}

const idArb = fc.oneof(fc.constant('own'), fc.constantFrom(...BAD_IDS));

describe.each(OPERATION_NAMES)('%s over HTTP', (name) => {
  const hasId = contract[name].path.includes(':');
  const carrier = contract[name].method === 'GET' || contract[name].method === 'DELETE' ? 'query' : 'json';
  const checksum = () => accountChecksum(http.core.database.db, userId);

  it('answers invalid input with a typed 4xx naming the fields, and changes nothing', async () => {
    const before = await checksum();
    await fc.assert(
      fc.asyncProperty(invalidInput(name, carrier), idArb, async (input, id) => {
        const { res, label } = await send(name, input, id === 'own' ? String(ownId) : id);
        expectTypedRefusal(res.status, { code: res.body.code, message: res.body.error, fields: res.body.fields }, label);
        expect(await checksum(), `${label} changed the account`).toBe(before);
      }),
      { seed, numRuns },
    );
  });

  // Valid calls of the other operations sign in, out or elsewhere; they get the invalid campaign only.
  if (isAccountDataOperation(name)) it('never answers 5xx, whatever the fields hold; a refusal changes nothing', async () => {
    let current = await checksum();
    await fc.assert(
      fc.asyncProperty(looseInput(name), idArb, async (input, id) => {
        const { res, label } = await send(name, input, hasId && id !== 'own' ? id : String(ownId));
        const after = await checksum();
        if (res.status >= 400) {
          expectTypedRefusal(res.status, { code: res.body.code, message: res.body.error, fields: res.body.fields }, label);
          expect(after, `${label} was refused but changed the account`).toBe(current);
        }
        current = after;
      }),
      { seed, numRuns },
    );
  });
});

describe('the account after the campaign', () => {
  it('still reads on every view', async () => {
    for (const path of ['/api/expenses', '/api/dashboard/stats', '/api/dashboard/summary', '/api/reminders', '/api/settings', '/api/categories', '/api/auth/me']) {
      expect((await client.request('GET', path)).status, path).toBe(200);
    }
  });
});
