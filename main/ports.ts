// The ports every service receives. Real adapters live beside their concern
// (main/secrets, main/reminders, main/electron); tests pass real parts or a controllable clock.

export interface Clock {
  /** Current instant. */
  now(): Date;
  /** IANA time zone used for "local" dates and reminder times, e.g. "Europe/Berlin". */
  timeZone(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
};

/** OS keychain (keytar) or, when the keychain is unavailable, memory for this run only. */
export interface Secrets {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** false when values live in memory for this run only (no keychain). */
  readonly persistent: boolean;
  /** Why the keychain is not used, when persistent is false. */
  readonly unavailableReason: string | null;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** RFC 5322 Message-ID including angle brackets, e.g. "<reminder-12@spend-manager.local>". */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** The server's final response line, e.g. "250 OK: queued as ...". */
  response: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<SentMail>;
  /** Connects and authenticates without sending; rejects with the server's exact error. */
  verify(): Promise<void>;
  close(): void;
}

export interface DesktopNotification {
  title: string;
  body: string;
  /** Routed back to the UI when the user clicks the notification. */
  expenseId?: number;
}

export interface Notifier {
  /** Returns false when the OS cannot show notifications (browser mode, unsupported). */
  notify(notification: DesktopNotification): boolean;
}

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
