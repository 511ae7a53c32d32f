import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorValue } from '../../../common/errors';
import { sendError } from '../../../main/http/replies';

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  while (apps.length > 0) await apps.pop()!.close();
});

async function answer(error: ErrorValue) {
  const app = Fastify();
  apps.push(app);
  app.get('/', (_request, reply) => sendError(reply, error));
  return app.inject({ method: 'GET', url: '/' });
}

describe('error answers', () => {
  it('sends a rate limit’s wait as a Retry-After header in seconds, beside the usual body', async () => {
    const res = await answer({ code: 'rate_limited', message: 'Too many failed sign-ins. Try again in 3 seconds.', retryAfter: 3 });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.json()).toEqual({ error: 'Too many failed sign-ins. Try again in 3 seconds.', code: 'rate_limited' });
  });

  it('sends no Retry-After when the error has no wait, and keeps fields, no-store and nosniff', async () => {
    const res = await answer({ code: 'validation', message: 'name: Required', fields: { name: 'Required' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-type': 'application/json; charset=utf-8' });
    expect(res.json()).toEqual({ error: 'name: Required', code: 'validation', fields: { name: 'Required' } });
  });
});
