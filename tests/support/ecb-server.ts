import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

// A stand-in for the ECB on loopback: serves tests/fixtures/ecb/eurofxref-daily.xml (or whatever a test sets),
// counts the requests, and can be closed to play "offline". No test reaches the internet.

export const ECB_FIXTURE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ecb', 'eurofxref-daily.xml'), 'utf8');

export interface EcbServer {
  /** The file's address on this server. */
  url: string;
  /** Requests answered so far. */
  requests(): number;
  /** What the next requests get (default: the fixture, 200, application/xml). */
  serve(body: string | Uint8Array, status?: number): void;
  /** Accept requests and never answer them (a timeout). */
  hang(): void;
  /** Closes the server: the address now refuses connections. */
  close(): Promise<void>;
}

/** The fixture with another date and rates: `{ USD: '1.09' }` replaces USD's rate. */
export function ecbFile(date: string, change: Record<string, string> = {}): string {
  let text = ECB_FIXTURE.replace(/time='\d{4}-\d{2}-\d{2}'/, `time='${date}'`);
  for (const [currency, rate] of Object.entries(change)) text = text.replace(new RegExp(`currency='${currency}' rate='[^']*'`), `currency='${currency}' rate='${rate}'`);
  return text;
}

export async function startEcbServer(): Promise<EcbServer> {
  let body: string | Uint8Array = ECB_FIXTURE;
  let status = 200;
  let hanging = false;
  let count = 0;
  const server = http.createServer((req, res) => {
    count += 1;
    if (hanging) return;
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}/stats/eurofxref/eurofxref-daily.xml`,
    requests: () => count,
    serve(next, nextStatus = 200) {
      body = next;
      status = nextStatus;
      hanging = false;
    },
    hang() {
      hanging = true;
    },
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
