import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseServeOptions } from '../../../main/config/serve-options';
import { listenOnFreePort, PORT_TRIES, PortInUseError } from '../../../main/http/listen-free-port';
import { createHttpServer } from '../../../main/http/server';
import { startTestCore, type TestCore } from '../../support/core';

// `npm run serve` and `npm start`'s browser-mode fallback: what happens when the port is taken.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Holds a real port open, as another program would; resolves false if someone else holds it already. */
function occupy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const blocker = net.createServer();
    blocker.once('error', () => resolve(false));
    blocker.listen(port, '127.0.0.1', () => {
      cleanups.push(() => new Promise((done) => blocker.close(() => done())));
      resolve(true);
    });
  });
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

let core: TestCore | undefined;
async function httpServer() {
  core ??= await startTestCore();
  const http = createHttpServer({ core });
  cleanups.push(async () => {
    await http.close();
    await core?.close();
    core = undefined;
  });
  return http;
}

describe('choosing the browser-mode port', () => {
  it('knows whether the user chose the port (--port, PORT, including PORT=0) or took the default', () => {
    expect(parseServeOptions([], {})).toMatchObject({ port: DEFAULT_PORT, portChosen: false });
    expect(parseServeOptions(['--port', '6000'], {})).toMatchObject({ port: 6000, portChosen: true });
    expect(parseServeOptions(['--port=6001'], { PORT: '7000' })).toMatchObject({ port: 6001, portChosen: true });
    expect(parseServeOptions([], { PORT: '7000' })).toMatchObject({ port: 7000, portChosen: true });
    expect(parseServeOptions([], { PORT: '0' })).toMatchObject({ port: 0, portChosen: true });
  });

  it('takes the next free port when the default one is taken, and serves on it', async () => {
    const taken = await freePort();
    expect(await occupy(taken)).toBe(true);
    const http = await httpServer();
    const skipped: number[] = [];
    const url = await listenOnFreePort(http.listen, { port: taken, portChosen: false, host: '127.0.0.1' }, (port) => skipped.push(port));
    const port = Number(new URL(url).port);
    expect(port).toBeGreaterThan(taken);
    expect(port).toBeLessThan(taken + PORT_TRIES);
    expect(skipped[0]).toBe(taken);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${url}/api/app/status`)).status).toBe(200);
  });

  it('refuses a port the user chose when it is taken, naming it', async () => {
    const taken = await freePort();
    expect(await occupy(taken)).toBe(true);
    const http = await httpServer();
    const attempt = listenOnFreePort(http.listen, { port: taken, portChosen: true, host: '127.0.0.1' });
    await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
    await expect(attempt).rejects.toThrow(`port ${taken} is already in use; pick another with --port or PORT`);
  });

  it('gives up after a bounded number of ports, naming the range', async () => {
    const first = await freePort();
    for (let port = first; port < first + PORT_TRIES; port++) await occupy(port); // one held elsewhere is taken all the same
    const http = await httpServer();
    const attempt = listenOnFreePort(http.listen, { port: first, portChosen: false, host: '127.0.0.1' });
    await expect(attempt).rejects.toThrow(`ports ${first}–${first + PORT_TRIES - 1} are all in use`);
  });

  it('with PORT=0 takes any free port, as the end-to-end tests do', async () => {
    const http = await httpServer();
    const url = await listenOnFreePort(http.listen, { port: 0, portChosen: true, host: '127.0.0.1' });
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
  });
});
