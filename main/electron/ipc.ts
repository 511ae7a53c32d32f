import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannel } from '../../common/bridge';
import { OPERATION_NAMES } from '../../common/contract';
import type { Result } from '../../common/errors';
import type { RequestContext } from '../core/context';
import type { Dispatch } from '../core/dispatch';
import { isAppUrl } from './security';

type Frame = { url: string } | null | undefined;
export type InvokeEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { id: number; mainFrame: unknown } };

/** Accepts only our window's top frame showing our own app:// page (not a subframe, not another origin). */
export function isTrustedSender(event: InvokeEvent, trustedWebContentsId: () => number | null): boolean {
  const frame = event.senderFrame as Frame;
  if (!frame) return false;
  if (event.sender.id !== trustedWebContentsId()) return false;
  if (frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

export interface IpcOptions {
  dispatch: Dispatch;
  context: () => Promise<RequestContext>;
  trustedWebContentsId: () => number | null;
  onRejected?: (channel: string, url: string | undefined) => void;
}

/** One ipcMain.handle per contract operation; every call goes through the same door as HTTP. */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, options: IpcOptions): string[] {
  const channels: string[] = [];
  for (const name of OPERATION_NAMES) {
    const channel = ipcChannel(name);
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event as InvokeEvent, options.trustedWebContentsId)) {
        options.onRejected?.(channel, (event.senderFrame as Frame)?.url);
        return { ok: false, error: { code: 'forbidden', message: 'This window may not call Spend Manager' } };
      }
      return options.dispatch(name, input, await options.context());
    });
    channels.push(channel);
  }
  return channels;
}
