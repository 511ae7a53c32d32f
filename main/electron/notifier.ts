import type { Notification as ElectronNotification, NotificationConstructorOptions } from 'electron';
import type { DesktopNotification, Notifier } from '../ports';

type NotificationLike = Pick<ElectronNotification, 'on' | 'show'>;
export interface NotificationClass {
  new (options: NotificationConstructorOptions): NotificationLike;
  isSupported(): boolean;
}

export interface NotifierOptions {
  Notification: NotificationClass;
  icon?: string;
  /** Clicked a reminder: bring the window forward on that subscription. */
  openExpense(id: number): void;
  /** Clicked a notification about no subscription: bring the window forward. */
  open(): void;
}

/** The Notifier port (reminders, close-to-tray hint) over the OS notification centre. */
export function createNotifier(options: NotifierOptions): Notifier {
  // A notification no longer referenced from JS can be collected and lose its click handler.
  const live = new Set<NotificationLike>();
  return {
    notify(notification: DesktopNotification): boolean {
      if (!options.Notification.isSupported()) return false;
      const shown = new options.Notification({
        title: notification.title,
        body: notification.body,
        ...(options.icon ? { icon: options.icon } : {}),
      });
      live.add(shown);
      shown.on('click', () => {
        live.delete(shown);
        if (notification.expenseId !== undefined) options.openExpense(notification.expenseId);
        else options.open();
      });
      shown.on('close', () => live.delete(shown));
      shown.show();
      return true;
    },
  };
}
