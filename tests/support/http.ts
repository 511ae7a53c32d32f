import net, { type AddressInfo } from 'node:net';
import { createHttpServer, type HttpServerOptions } from '../../main/http/server';
import { startTestCore, type TestCore, type TestCoreOptions } from './core';

export interface TestHttp {
  core: TestCore;
  url: string;
  client(): HttpClient;
  /** Sends `head` (request line + headers, no blank line) byte for byte: no client normalises the path. */
  raw(head: string, body?: string): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
  /** The server closed the connection (we never do). */
  closedByServer: boolean;
}

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A cookie-keeping client, like one browser profile. */
export interface HttpClient {
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse<T>>;
  cookie: string | null;
}

export interface TestHttpOptions extends Pick<HttpServerOptions, 'publicUrl' | 'trustedProxies'> {
  staticDir?: string;
  core?: TestCoreOptions;
}

export async function startTestHttp(options: TestHttpOptions = {}): Promise<TestHttp> {
  const { staticDir, core: coreOptions, ...serverOptions } = options;
  const core = await startTestCore(coreOptions);
  const http = createHttpServer({ core, ...(staticDir ? { staticDir } : {}), ...serverOptions });
  const url = await http.listen(0);
  const port = (http.server.address() as AddressInfo).port;
  return {
    core,
    url,
    client() {
      const client: HttpClient = {
        cookie: null,
        async request(method, path, body, headers = {}) {
          const init: RequestInit = { method, headers: { ...headers } };
          if (client.cookie) (init.headers as Record<string, string>).cookie = client.cookie;
          if (body !== undefined) {
            // Bytes go as they are (a test of what no JSON encoder would produce); text as UTF-8; the rest as JSON.
            init.body = body instanceof Uint8Array || typeof body === 'string' ? body : JSON.stringify(body);
            (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
          }
          const res = await fetch(`http://127.0.0.1:${port}${path}`, init);
          const setCookie = res.headers.get('set-cookie');
          if (setCookie) {
            const pair = setCookie.split(';')[0]!;
            client.cookie = pair.endsWith('=') ? null : pair;
          }
          const text = await res.text();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON (static files)
          }
          return { status: res.status, headers: res.headers, body: parsed as never };
        },
      };
      return client;
    },
    raw(head, body = '') {
      return new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let data = Buffer.alloc(0);
        let response: Omit<RawResponse, 'closedByServer'> | null = null;
        let settle: NodeJS.Timeout | undefined;
        const finish = (closedByServer: boolean) => {
          clearTimeout(settle);
          socket.destroy();
          if (response) resolve({ ...response, closedByServer });
          else reject(new Error(`connection closed before a whole response: ${data.toString()}`));
        };
        socket.on('data', (chunk: Buffer) => {
          data = Buffer.concat([data, chunk]);
          const end = data.indexOf('\r\n\r\n');
          if (response || end === -1) return;
          const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
          const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
          const text = data.subarray(end + 4);
          if (headers['content-length'] === undefined || text.length < Number(headers['content-length'])) return;
          let parsed: unknown = text.toString('utf8');
          try {
            parsed = JSON.parse(parsed as string);
          } catch {
            // not JSON
          }
          response = { status: Number(statusLine.split(' ')[1]), headers, body: parsed };
          // A server that keeps the connection open leaves it idle; one that closes it does so at once.
          settle = setTimeout(() => finish(false), 500);
        });
        socket.on('error', (error) => (response ? finish(true) : reject(error)));
        socket.on('close', () => finish(true));
        const withHost = /\r\nhost:/i.test(head) ? head : `${head}\r\nHost: 127.0.0.1:${port}`;
        socket.write(`${withHost}\r\n\r\n${body}`);
      });
    },
    async close() {
      await http.close();
      await core.close();
    },
  };
}
