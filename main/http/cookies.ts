import type { CookieSerializeOptions } from '@fastify/cookie';

export const SESSION_COOKIE = 'spend_session';

// HttpOnly: scripts never see it. SameSite=Strict: other sites' requests never carry it.
export const SESSION_COOKIE_OPTIONS: CookieSerializeOptions = { path: '/', httpOnly: true, sameSite: 'strict', maxAge: 30 * 86_400 };
