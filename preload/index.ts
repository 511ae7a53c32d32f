// Sandboxed preload: bundled into one CommonJS file; requires nothing but 'electron'.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_EVENTS, eventChannel, ipcChannel, type BridgeEventName } from '../common/bridge';
import type { OperationName } from '../common/contract';

// Injected at build time from the contract's keys, so the preload never bundles zod or the schemas.
declare const __SPEND_OPERATIONS__: OperationName[];

const bridge: Record<string, unknown> = {};
for (const name of __SPEND_OPERATIONS__) {
  bridge[name] = (input: unknown) => ipcRenderer.invoke(ipcChannel(name), input);
}

// Events can arrive before the UI subscribes (a notification click opens a new window):
// they wait here and go to the first listener. The renderer never sees the IpcRendererEvent.
const listeners = new Map<BridgeEventName, Set<(payload: unknown) => void>>();
const waiting = new Map<BridgeEventName, unknown[]>();
for (const event of BRIDGE_EVENTS) {
  listeners.set(event, new Set());
  waiting.set(event, []);
  ipcRenderer.on(eventChannel(event), (_event: unknown, payload: unknown) => {
    const subscribed = listeners.get(event)!;
    if (subscribed.size === 0) waiting.get(event)!.push(payload);
    for (const listener of subscribed) listener(payload);
  });
}

bridge.on = (event: BridgeEventName, listener: (payload: unknown) => void) => {
  if (!BRIDGE_EVENTS.includes(event)) throw new Error(`Unknown event "${String(event)}"`);
  listeners.get(event)!.add(listener);
  for (const payload of waiting.get(event)!.splice(0)) listener(payload);
  return () => void listeners.get(event)!.delete(listener);
};

contextBridge.exposeInMainWorld('spend', Object.freeze(bridge));
