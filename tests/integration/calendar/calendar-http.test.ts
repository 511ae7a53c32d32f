import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { startTestHttp, type TestHttp } from '../../support/http';
import { readCalendar } from '../../support/ical-read';

// The calendar over real HTTP in browser mode: the file as a text/calendar attachment, the feed URL fetched
// with no cookie at all (as Google Calendar or Outlook would), in both its forms, and a 404 in words once revoked.

let server: TestHttp;
beforeEach(async () => {
  server = await startTestHttp({ core: { clock: testClock('2027-01-05T09:00:00Z', 'UTC') } });
});
afterEach(async () => {
  await server.close();
});

describe('the calendar over HTTP', () => {
  it('downloads the .ics, makes a feed URL that works without a session, and refuses it once revoked', async () => {
    const client = server.client();
    expect((await client.request('POST', '/api/auth/register', { email: 'ana@example.com', username: 'ana', password: 'correct horse battery', company_name: 'Acme' })).status).toBe(201);
    expect((await client.request('POST', '/api/expenses', { name: 'Figma', category: 'Design', amount: 45, currency: 'EUR', renewal_date: '2027-01-31' })).status).toBe(201);

    const file = await client.request('GET', '/api/calendar.ics');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="spend-manager-.+\.ics"/);
    expect(readCalendar(String(file.body)).map((e) => [e.summary, e.rrule])).toEqual([['Figma — €45.00', 'FREQ=MONTHLY;BYMONTHDAY=-1']]);

    const made = await client.request('POST', '/api/calendar/token', {});
    expect(made.status).toBe(201);
    const url = new URL(made.body.url, server.url);
    expect(url.pathname).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const stranger = server.client();
    const feed = await stranger.request('GET', url.pathname);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(feed.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(readCalendar(String(feed.body)).map((e) => e.summary)).toEqual(['Figma — €45.00']);
    // The feed is GET /api/calendar/<token>.ics: the bare token is no address, and /api/calendar/token stays the status.
    expect((await stranger.request('GET', url.pathname.replace(/\.ics$/, ''))).status).toBe(404);
    expect(stranger.cookie).toBeNull();

    const status = await client.request('GET', '/api/calendar/token');
    expect(status.body).toEqual({ active: true, created_at: '2027-01-05T09:00:00.000Z' });
    expect(JSON.stringify(status.body)).not.toContain(url.pathname.split('/').at(-1)!.replace('.ics', ''));

    expect((await client.request('DELETE', '/api/calendar/token')).body).toEqual({ revoked: true });
    const gone = await stranger.request('GET', url.pathname);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'not_found', error: expect.stringMatching(/^No calendar feed at this address/) });

    // The signed-out operations stay signed-out only for the feed itself.
    expect((await stranger.request('GET', '/api/calendar.ics')).status).toBe(401);
    expect((await stranger.request('POST', '/api/calendar/token', {})).status).toBe(401);
  });
});
