import type { CookieSerializeOptions } from '@fastify/cookie';

export const SESSION_COOKIE = 'spend_session';

// HttpOnly: scripts never see it. SameSite=Strict: other sites' requests never carry it.
export const SESSION_COOKIE_OPTIONS: CookieSerializeOptions = { path: '/', httpOnly: true, sameSite: 'strict', maxAge: 30 * 86_400 };

/** Over https (a team server behind TLS) the cookie is Secure as well: never sent over plain http. */
export function sessionCookieOptions(secure: boolean): CookieSerializeOptions {
  return secure ? { ...SESSION_COOKIE_OPTIONS, secure: true } : SESSION_COOKIE_OPTIONS;
}
