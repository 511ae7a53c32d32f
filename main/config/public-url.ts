import net from 'node:net';

/** Where the browser reaches a team server: the load balancer's or reverse proxy's origin. */
export interface PublicUrl {
  /** https://spend.example.com — what the browser sends as Origin. */
  origin: string;
  /** spend.example.com (with :port when not the scheme's default) — what it sends as Host. */
  host: string;
  /** https: the session cookie is marked Secure. */
  secure: boolean;
}

export class PublicUrlError extends Error {}

/** PUBLIC_URL / --public-url: an http(s) origin, nothing after the host (the app is served at the root). */
export function parsePublicUrl(text: string): PublicUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PublicUrlError(`Public URL must be an address like https://spend.example.com, not "${text}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PublicUrlError(`Public URL must start with https:// or http://, not "${url.protocol}//"`);
  if (url.username || url.password) throw new PublicUrlError('Public URL must not hold a user name or password');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new PublicUrlError(`Public URL must be the origin only (the app is served at its root), not "${text}"`);
  }
  return { origin: url.origin, host: url.host.toLowerCase(), secure: url.protocol === 'https:' };
}

/**
 * TRUST_PROXY / --trust-proxy: the proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For
 * names the client. Sign-in throttles count per client: behind a proxy that is not trusted, every client
 * would share the proxy's address.
 */
export function parseTrustedProxies(text: string): string[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) throw new PublicUrlError('Trusted proxies must list at least one address or range, like 10.0.0.0/8');
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const family = net.isIP(address);
    const max = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (family === 0 || !bitsOk || extra !== undefined) {
      throw new PublicUrlError(`Trusted proxy "${entry}" is not an IP address or a range like 10.0.0.0/8`);
    }
  }
  return entries;
}
