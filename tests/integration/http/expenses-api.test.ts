import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { type HttpClient, type TestHttp, startTestHttp } from '../../support/http';

// The seed's REST paths in browser mode: same operations as over IPC, statuses as the original app.

let server: TestHttp;
let alice: HttpClient;
beforeEach(async () => {
  server = await startTestHttp({ core: { clock: testClock('2026-03-10T09:00:00Z', 'UTC') } });
  alice = server.client();
  expect((await alice.request('POST', '/api/auth/register', { email: 'alice@example.com', username: 'alice', password: 'correct horse battery' })).status).toBe(201);
});
afterEach(async () => {
  await server.close();
});

async function otherUser(): Promise<HttpClient> {
  const client = server.client();
  await client.request('POST', '/api/auth/register', { email: 'bob@example.com', username: 'bob', password: 'correct horse battery' });
  return client;
}

const figma = { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-03-20', description: 'Team plan' };

describe('/api/expenses', () => {
  it('POST → 201 {expense}; GET list → 200 {expenses, total, limit, offset}; GET one → 200', async () => {
    const created = await alice.request('POST', '/api/expenses', figma);
    expect(created.status).toBe(201);
    expect(created.body.expense).toMatchObject({ name: 'Figma', amount: 45, currency: 'USD', category: 'Design', renewal_date: '2026-03-20' });
    const list = await alice.request('GET', '/api/expenses');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ expenses: [created.body.expense], total: 1, limit: 500, offset: 0 });
    const one = await alice.request('GET', `/api/expenses/${created.body.expense.id}`);
    expect(one).toMatchObject({ status: 200, body: { expense: created.body.expense } });
  });

  it('POST with bad fields → 400 naming each field; nothing stored', async () => {
    const res = await alice.request('POST', '/api/expenses', { ...figma, amount: '12.345', renewal_date: '2026-13-01', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation', fields: { renewal_date: expect.any(String), extra: 'Unknown field "extra"' } });
    const amountOnly = await alice.request('POST', '/api/expenses', { ...figma, amount: '12.345' });
    expect(amountOnly).toMatchObject({ status: 400, body: { error: 'amount: USD allows at most 2 decimal places', fields: { amount: 'USD allows at most 2 decimal places' } } });
    expect((await alice.request('GET', '/api/expenses')).body.total).toBe(0);
  });

  it('parses the query string: filters, sort and paging; a bad number → 400 naming the field', async () => {
    for (const name of ['Alpha', 'beta', 'Gamma']) await alice.request('POST', '/api/expenses', { ...figma, name });
    const page = await alice.request('GET', '/api/expenses?sort=name&order=desc&limit=2&offset=1&status=active&category=design&q=a');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body.expenses.map((e: any) => e.name)).toEqual(['beta', 'Alpha']);

    const bad = await alice.request('GET', '/api/expenses?limit=abc');
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation', fields: { limit: 'Limit must be a number' } } });
    expect((await alice.request('GET', '/api/expenses?limit=20000')).body.fields).toEqual({ limit: 'Limit must be at most 10000' });
    expect((await alice.request('GET', '/api/expenses?sort=price')).body.fields).toEqual({ sort: 'Sort must be one of: name, amount, monthly, renewal_date, created_at' });
    expect((await alice.request('GET', '/api/expenses?colour=red')).body.fields).toEqual({ colour: 'Unknown field "colour"' });
    expect((await alice.request('GET', '/api/expenses?q=a&q=b')).status).toBe(400);
  });

  it('PUT takes a partial update → 200; bad fields → 400; DELETE → 200 with undo_until; restore → 200', async () => {
    const { expense } = (await alice.request('POST', '/api/expenses', figma)).body;
    const put = await alice.request('PUT', `/api/expenses/${expense.id}`, { amount: 50 });
    expect(put).toMatchObject({ status: 200, body: { expense: { ...expense, amount: 50, monthly_cost: 50, monthly_cost_base: 50 } } });
    expect((await alice.request('PUT', `/api/expenses/${expense.id}`, { currency: 'JPY', amount: 1.5 })).status).toBe(400);
    // Another id in the body than in the path is refused by name, not overruled by the path's (issue 8).
    expect((await alice.request('PUT', `/api/expenses/${expense.id}`, { id: 999 })).body.fields).toEqual({ id: 'Is given by the path (/api/expenses/:id); leave it out of the body or send the same value' });

    const del = await alice.request('DELETE', `/api/expenses/${expense.id}`);
    expect(del).toMatchObject({ status: 200, body: { message: 'Deleted "Figma"', undo_until: '2026-03-10T09:00:30.000Z' } });
    expect((await alice.request('GET', `/api/expenses/${expense.id}`)).status).toBe(404);
    const restored = await alice.request('POST', `/api/expenses/${expense.id}/restore`);
    expect(restored).toMatchObject({ status: 200, body: { expense: { id: expense.id, amount: 50 } } });
  });

  it('GET/PUT/DELETE/restore of a missing id or another account’s id → 404, and it stays untouched', async () => {
    const { expense } = (await alice.request('POST', '/api/expenses', figma)).body;
    const bob = await otherUser();
    for (const client of [alice, bob]) {
      const id = client === alice ? 999 : expense.id;
      expect((await client.request('GET', `/api/expenses/${id}`)).status).toBe(404);
      expect((await client.request('PUT', `/api/expenses/${id}`, { name: 'x' })).status).toBe(404);
      expect((await client.request('DELETE', `/api/expenses/${id}`)).status).toBe(404);
      expect((await client.request('POST', `/api/expenses/${id}/restore`)).status).toBe(404);
    }
    expect((await alice.request('GET', `/api/expenses/${expense.id}`)).body.expense).toEqual(expense);
    expect((await alice.request('GET', '/api/expenses/abc')).body).toMatchObject({ code: 'validation', fields: { id: 'Must be a whole number' } });
  });

  it('an original-app client that sends none of the new fields gets the same answers, each carrying seats, seat_price, cost_centre and the owner', async () => {
    const created = await alice.request('POST', '/api/expenses', figma);
    expect(created.status).toBe(201);
    expect(created.body.expense).toMatchObject({ amount: 45, seats: null, seat_price: null, cost_centre: null, user_id: expect.any(Number), owner_name: 'alice' });
    const updated = await alice.request('PUT', `/api/expenses/${created.body.expense.id}`, { amount: 50 });
    expect(updated).toMatchObject({ status: 200, body: { expense: { amount: 50, seats: null, cost_centre: null } } });
  });

  it('takes seats, seat_price and cost_centre in the body, filters by owner and cost_centre in the query ("" is none), and suggests cost centres', async () => {
    const seated = await alice.request('POST', '/api/expenses', { ...figma, amount: undefined, seats: 3, seat_price: '15.50', cost_centre: 'Design team' });
    expect(seated).toMatchObject({ status: 201, body: { expense: { amount: 46.5, seats: 3, seat_price: 15.5, cost_centre: 'Design team' } } });
    await alice.request('POST', '/api/expenses', { ...figma, name: 'Loose' });
    const ownerId = seated.body.expense.user_id;
    expect((await alice.request('GET', '/api/expenses?cost_centre=design%20TEAM')).body.expenses.map((e: { name: string }) => e.name)).toEqual(['Figma']);
    expect((await alice.request('GET', '/api/expenses?cost_centre=')).body.expenses.map((e: { name: string }) => e.name)).toEqual(['Loose']);
    expect((await alice.request('GET', `/api/expenses?owner=${ownerId}&sort=name`)).body.total).toBe(2);
    expect(await alice.request('GET', '/api/expenses?owner=me')).toMatchObject({ status: 400, body: { fields: { owner: 'Owner must be a number' } } });
    expect(await alice.request('GET', '/api/cost-centres')).toMatchObject({ status: 200, body: { cost_centres: [{ name: 'Design team', count: 1 }] } });
    const half = await alice.request('POST', '/api/expenses', { ...figma, seats: 3 });
    expect(half).toMatchObject({ status: 400, body: { fields: { seat_price: 'Price per seat is required with seats: send seats and price per seat together, or neither' } } });
  });

  it('needs a session → 401', async () => {
    const anonymous = server.client();
    expect((await anonymous.request('GET', '/api/expenses')).status).toBe(401);
    expect((await anonymous.request('POST', '/api/expenses', figma)).status).toBe(401);
  });
});

describe('/api/categories', () => {
  it('GET → 200; POST → 201; duplicate → 409; PUT → 200; DELETE → 200; "Other" → 400; missing → 404', async () => {
    const list = await alice.request('GET', '/api/categories');
    expect(list.status).toBe(200);
    expect(list.body.categories).toHaveLength(10);

    const created = await alice.request('POST', '/api/categories', { name: 'Legal' });
    expect(created).toMatchObject({ status: 201, body: { category: { name: 'Legal', expense_count: 0 } } });
    expect((await alice.request('POST', '/api/categories', { name: 'LEGAL' })).status).toBe(409);
    expect((await alice.request('POST', '/api/categories', { name: '' })).status).toBe(400);

    const id = created.body.category.id;
    expect(await alice.request('PUT', `/api/categories/${id}`, { name: 'Legal & tax' })).toMatchObject({ status: 200, body: { category: { name: 'Legal & tax' } } });
    expect((await alice.request('PUT', `/api/categories/${id}`, { name: 'design' })).status).toBe(409);

    const other = list.body.categories.find((c: any) => c.name === 'Other');
    expect((await alice.request('PUT', `/api/categories/${other.id}`, { name: 'Misc' })).status).toBe(400);
    expect((await alice.request('DELETE', `/api/categories/${other.id}`)).body).toEqual({
      error: '"Other" cannot be deleted: subscriptions of deleted categories move there',
      code: 'bad_request',
    });

    expect(await alice.request('DELETE', `/api/categories/${id}`)).toMatchObject({ status: 200, body: { moved_to: 'Other', moved: 0 } });
    expect((await alice.request('DELETE', `/api/categories/${id}`)).status).toBe(404);
    const bob = await otherUser();
    expect((await bob.request('PUT', `/api/categories/${other.id}`, { name: 'Mine' })).status).toBe(404);
  });
});

describe('/api/settings and /api/dashboard', () => {
  it('GET settings → 200; PUT → 200; bad → 400 by field', async () => {
    expect(await alice.request('GET', '/api/settings')).toMatchObject({ status: 200, body: { settings: { base_currency: 'USD', rates: [] } } });
    const put = await alice.request('PUT', '/api/settings', { base_currency: 'eur', rates: [{ currency: 'USD', rate: '0.92' }] });
    expect(put).toMatchObject({ status: 200, body: { settings: { base_currency: 'EUR', rates: [{ currency: 'USD', rate: '0.92' }] } } });
    const bad = await alice.request('PUT', '/api/settings', { reminder_time: '25:00' });
    expect(bad).toMatchObject({ status: 400, body: { fields: { reminder_time: 'Reminder time must be HH:MM, like 09:00' } } });
  });

  it('GET stats and summary → 200 with the base currency numbers', async () => {
    await alice.request('POST', '/api/expenses', figma);
    await alice.request('POST', '/api/expenses', { ...figma, name: 'Yearly', amount: 120, billing_cycle: 'yearly' });
    const stats = await alice.request('GET', '/api/dashboard/stats');
    expect(stats).toMatchObject({ status: 200, body: { monthly_spend: 55, yearly_projection: 660, counts: { active: 2 } } });
    const summary = await alice.request('GET', '/api/dashboard/summary');
    expect(summary).toEqual(expect.objectContaining({ status: 200, body: { base_currency: 'USD', monthly_spend: 55, yearly_projection: 660, active_count: 2, upcoming_count: 2 } }));
  });
});
