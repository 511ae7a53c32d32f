// What the tray says and offers, as pure functions of the dashboard data (tested without Electron).
import type { MenuItemConstructorOptions } from 'electron';
import { addDays, todayIn } from '../../common/domain/calendar-date';
import { currencyExponent } from '../../common/domain/currencies';
import { parseMajorAmount } from '../../common/domain/money';
import { zonedTimeToInstant } from '../../common/domain/zoned-time';
import type { DashboardStats } from '../../common/contract/dashboard';
import { formatMoney } from '../reminders/reminder-email';

export type Renewal = DashboardStats['upcoming_renewals'][number];

export type TrayData =
  | { state: 'signed-out' }
  | { state: 'unavailable' }
  | { state: 'ready'; renewals: Renewal[]; pausedUntil: Date | null; locale: string; timeZone: string };

export interface TrayActions {
  open(): void;
  openExpense(id: number): void;
  /** null resumes reminders; the tray refreshes when it settles. */
  pause(until: Date | null): unknown;
  quit(): void;
}

export const TRAY_RENEWALS = 5;

// Electron reads a single & as a keyboard mnemonic; && shows one &.
const menuText = (text: string) => text.replace(/&/g, '&&');

export function money(amount: number, currency: string, locale: string): string {
  const parsed = parseMajorAmount(amount, currency);
  if (!parsed.ok) return `${amount} ${currency}`;
  try {
    return formatMoney(parsed.minor, currency, currencyExponent(currency), locale);
  } catch {
    return formatMoney(parsed.minor, currency, currencyExponent(currency), 'en-US');
  }
}

function inDays(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}

/** "Figma renews in 3 days — $45.00" */
export function renewalSentence(renewal: Renewal, locale: string): string {
  return `${renewal.name} renews ${inDays(renewal.days_left)} — ${money(renewal.amount, renewal.currency, locale)}`;
}

export function trayTooltip(data: TrayData): string {
  if (data.state === 'signed-out') return 'Spend Manager — sign in to see your renewals';
  if (data.state === 'unavailable') return 'Spend Manager';
  const next = data.renewals[0];
  const line = next ? `Next: ${renewalSentence(next, data.locale)}` : 'Spend Manager — no renewals in the next 30 days';
  return data.pausedUntil ? `${line}\nReminders paused until ${pausedLabel(data.pausedUntil, data)}` : line;
}

function pausedLabel(until: Date, data: { locale: string; timeZone: string }): string {
  try {
    return new Intl.DateTimeFormat(data.locale, { timeZone: data.timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(until);
  } catch {
    return until.toISOString();
  }
}

/** "1 hour" from now, and "until tomorrow" = the start of tomorrow in the account's time zone. */
export function pauseTimes(now: Date, timeZone: string): { oneHour: Date; tomorrow: Date } {
  return {
    oneHour: new Date(now.getTime() + 60 * 60 * 1000),
    tomorrow: zonedTimeToInstant(addDays(todayIn(timeZone, now), 1), '00:00', timeZone),
  };
}

/** `now` is read when an item is clicked: the menu may stay built for hours. */
export function trayMenuTemplate(data: TrayData, actions: TrayActions, now: () => Date): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (data.state === 'signed-out') {
    items.push({ label: 'Sign in to see upcoming renewals', enabled: false });
  } else if (data.state === 'ready') {
    const next = data.renewals.slice(0, TRAY_RENEWALS);
    items.push({ label: next.length ? 'Upcoming renewals' : 'No renewals in the next 30 days', enabled: false });
    for (const renewal of next) {
      items.push({
        label: menuText(`${renewal.name} — ${inDays(renewal.days_left)} — ${money(renewal.amount, renewal.currency, data.locale)}`),
        click: () => actions.openExpense(renewal.id),
      });
    }
  }
  items.push({ type: 'separator' }, { label: 'Open Spend Manager', click: () => actions.open() });
  if (data.state === 'ready') {
    if (data.pausedUntil) {
      items.push(
        { label: `Reminders paused until ${pausedLabel(data.pausedUntil, data)}`, enabled: false },
        { label: 'Resume reminders', click: () => actions.pause(null) },
      );
    } else {
      const zone = data.timeZone;
      items.push({
        label: 'Pause reminders',
        submenu: [
          { label: 'For 1 hour', click: () => actions.pause(pauseTimes(now(), zone).oneHour) },
          { label: 'Until tomorrow', click: () => actions.pause(pauseTimes(now(), zone).tomorrow) },
        ],
      });
    }
  }
  items.push({ type: 'separator' }, { label: 'Quit Spend Manager', click: () => actions.quit() });
  return items;
}
