import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../main/http/server';
import { startTestCore, type TestCore, type TestCoreOptions } from './core';

export interface TestHttp {
  core: TestCore;
  url: string;
  client(): HttpClient;
  close(): Promise<void>;
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

export async function startTestHttp(options: { staticDir?: string; core?: TestCoreOptions } = {}): Promise<TestHttp> {
  const core = await startTestCore(options.core);
  const http = createHttpServer({ core, ...(options.staticDir ? { staticDir: options.staticDir } : {}) });
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
            init.body = typeof body === 'string' ? body : JSON.stringify(body);
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
    async close() {
      await http.close();
      await core.close();
    },
  };
}
