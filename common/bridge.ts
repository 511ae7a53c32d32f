import type { InputOf, OperationName, OutputOf } from './contract';
import type { Result } from './errors';

/** Events the main process pushes to the window (menu, tray, notification clicks). */
export interface BridgeEvents {
  /** Open one subscription (a notification or tray item was clicked). */
  'open-expense': { id: number };
  /** Navigate to a screen (application menu). */
  navigate: { to: string };
}
export type BridgeEventName = keyof BridgeEvents;
export const BRIDGE_EVENTS: readonly BridgeEventName[] = ['open-expense', 'navigate'];

/** What the preload exposes as window.spend: one named function per contract operation, nothing raw. */
export type SpendBridge = {
  [K in OperationName]: (input: InputOf<K>) => Promise<Result<OutputOf<K>>>;
} & {
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
};

/** IPC channel names: one per operation, under a prefix the main side checks. */
export const IPC_PREFIX = 'spend:';
export const ipcChannel = (name: OperationName): string => `${IPC_PREFIX}${name}`;
export const eventChannel = (event: BridgeEventName): string => `spend-event:${event}`;
