export const SESSION_COOKIE = 'spend_session';

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

// HttpOnly: scripts never see it. SameSite=Strict: other sites' requests never carry it.
export function sessionCookie(token: string | null): string {
  const base = `${SESSION_COOKIE}=${token ? encodeURIComponent(token) : ''}; Path=/; HttpOnly; SameSite=Strict`;
  return token ? `${base}; Max-Age=${30 * 86_400}` : `${base}; Max-Age=0`;
}
