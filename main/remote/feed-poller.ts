import type { OutputOf } from '../../common/contract';
import type { Result } from '../../common/errors';
import type { DesktopNotification, Logger } from '../ports';
import type { CursorStore } from './device-files';
import { feedNotifications } from './feed-notifications';

// Polls the team server's reminders feed (every minute, and on resume) and shows what is new; the cursor is
// saved after showing, so a restart shows nothing twice and a crash in between at worst shows a page again.

export const FEED_POLL_MS = 60_000;
/** Pages read in one poll (of the feed's default 50): what piled up while the computer slept. */
const MAX_PAGES = 20;

export type FeedCall = (after: string | undefined) => Promise<Result<OutputOf<'reminders.feed'>>>;

export interface FeedPollerOptions {
  feed: FeedCall;
  cursors: CursorStore;
  /** "<server> <username>": the cursor is this account's on this server. */
  key: string;
  notify(notification: DesktopNotification): boolean;
  logger: Logger;
  intervalMs?: number;
  timers?: { setInterval: typeof setInterval; clearInterval: typeof clearInterval };
}

export interface FeedPoller {
  start(): void;
  /** One poll now (resume, tests); resolves when it is done. Polls never overlap. */
  poll(): Promise<void>;
  stop(): void;
}

export function createFeedPoller(options: FeedPollerOptions): FeedPoller {
  const timers = options.timers ?? { setInterval, clearInterval };
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function once(): Promise<void> {
    const saved = await options.cursors.get(options.key);
    if (saved === null) {
      // A new device (or account) starts where the feed stands: the team's past reminders are not news here.
      const start = await options.feed(undefined);
      if (start.ok && !stopped) await options.cursors.set(options.key, start.data.next);
      return;
    }
    let cursor = saved;
    for (let page = 0; page < MAX_PAGES && !stopped; page++) {
      const result = await options.feed(cursor);
      if (!result.ok) {
        options.logger.warn('team reminders feed failed', { code: result.error.code, message: result.error.message });
        return;
      }
      for (const notification of feedNotifications(result.data.items)) options.notify(notification);
      cursor = result.data.next;
      await options.cursors.set(options.key, cursor);
      if (!result.data.more) return;
    }
  }

  function poll(): Promise<void> {
    running ??= once()
      .catch((error: unknown) => options.logger.warn('team reminders feed failed', { error: String(error) }))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    start() {
      stopped = false;
      void poll();
      timer ??= timers.setInterval(() => void poll(), options.intervalMs ?? FEED_POLL_MS);
      // Never keeps the process alive on its own.
      (timer as { unref?: () => void }).unref?.();
    },
    poll,
    stop() {
      stopped = true;
      if (timer !== null) timers.clearInterval(timer);
      timer = null;
    },
  };
}
