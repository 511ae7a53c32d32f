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
bridge.on = (event: BridgeEventName, listener: (payload: unknown) => void) => {
  if (!BRIDGE_EVENTS.includes(event)) throw new Error(`Unknown event "${String(event)}"`);
  const channel = eventChannel(event);
  // The renderer never sees the IpcRendererEvent (it would expose `sender`, i.e. ipcRenderer).
  const wrapped = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => ipcRenderer.removeListener(channel, wrapped);
};

contextBridge.exposeInMainWorld('spend', Object.freeze(bridge));
