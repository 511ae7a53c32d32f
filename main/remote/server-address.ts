import { AppError } from '../../common/errors';

// Where a team server is: HTTPS, or plain HTTP on this computer only (a local server, the tests).

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function refuse(message: string): never {
  throw new AppError('validation', `url: ${message}`, { url: message });
}

/** The server's origin as a URL (a trailing slash allowed, nothing else after the host); refuses anything else, naming `url`. */
export function parseServerAddress(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return refuse(`Enter the team server's address, like https://spend.example.com (not "${text}")`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    refuse('A team server is reached over https:// (plain http:// only for a server on this computer: 127.0.0.1 or localhost)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse(`The address must start with https://, not "${url.protocol}//"`);
  if (url.username || url.password) refuse('The address must not hold a user name or password; sign in below');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) refuse('The address is the server only, like https://spend.example.com, with no path after it');
  return new URL(url.origin);
}
