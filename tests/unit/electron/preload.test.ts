import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../../common/contract';
// @ts-expect-error: plain ESM build helper without type declarations
import { buildPreload } from '../../../scripts/build-lib.mjs';

async function loadPreload() {
  const code: string = await buildPreload({ write: false });
  const exposed: Record<string, any> = {};
  const invoked: unknown[][] = [];
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true, data: null })),
      on: (channel: string, fn: (...args: unknown[]) => void) => listeners.set(channel, fn),
      removeListener: (channel: string) => listeners.delete(channel),
    },
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  vm.runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} });
  return { code, exposed, invoked, listeners, required };
}

describe('preload bridge', () => {
  it('is one CommonJS file that requires only electron and carries no schemas', async () => {
    const { code, required } = await loadPreload();
    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/zod|ZodError/);
    expect(code.length).toBeLessThan(10_000);
  });

  it('exposes exactly one named function per operation, plus on(), and never ipcRenderer', async () => {
    const { exposed } = await loadPreload();
    expect(Object.keys(exposed.spend).sort()).toEqual([...OPERATION_NAMES, 'on'].sort());
    expect(Object.isFrozen(exposed.spend)).toBe(true);
    expect(JSON.stringify(Object.keys(exposed))).toBe('["spend"]');
  });

  it('forwards a call on its own channel and hides the IPC event from listeners', async () => {
    const { exposed, invoked, listeners } = await loadPreload();
    await exposed.spend['auth.me']({});
    expect(invoked).toEqual([['spend:auth.me', {}]]);
    const got: unknown[] = [];
    const off = exposed.spend.on('open-expense', (...args: unknown[]) => got.push(args));
    listeners.get('spend-event:open-expense')!({ sender: 'secret' }, { id: 7 });
    expect(got).toEqual([[{ id: 7 }]]);
    off();
    listeners.get('spend-event:open-expense')!({ sender: 'secret' }, { id: 8 });
    expect(got).toEqual([[{ id: 7 }]]);
    expect(() => exposed.spend.on('anything-else', () => {})).toThrow(/Unknown event/);
  });

  it('keeps an event that arrives before the UI listens (notification click opening a new window) for the first listener', async () => {
    const { exposed, listeners } = await loadPreload();
    listeners.get('spend-event:open-expense')!({}, { id: 42 });
    listeners.get('spend-event:navigate')!({}, { to: '/subscriptions/new' });
    const opened: unknown[] = [];
    exposed.spend.on('open-expense', (payload: unknown) => opened.push(payload));
    expect(opened).toEqual([{ id: 42 }]);
    const second: unknown[] = [];
    exposed.spend.on('open-expense', (payload: unknown) => second.push(payload));
    expect(second).toEqual([]); // delivered once, not replayed to every later listener
    const routes: unknown[] = [];
    exposed.spend.on('navigate', (payload: unknown) => routes.push(payload));
    expect(routes).toEqual([{ to: '/subscriptions/new' }]);
  });
});
