import type { RequestContext } from '../core/context';
import type { Invoke } from '../core/dispatch';
import type { TrayData } from './tray-content';

export interface TrayDataSource {
  invoke: Invoke;
  /** The desktop session's caller, as for IPC calls from the window. */
  context(): Promise<RequestContext>;
  osLocale: string;
  osTimeZone: string;
  now(): Date;
}

/** What the tray shows, fetched through the core's one door like any other caller. */
export async function loadTrayData(source: TrayDataSource): Promise<TrayData> {
  const ctx = await source.context();
  if (ctx.userId === null) return { state: 'signed-out' };
  const [stats, settings] = await Promise.all([source.invoke('dashboard.stats', {}, ctx), source.invoke('settings.get', {}, ctx)]);
  if (!stats.ok) return stats.error.code === 'unauthorized' ? { state: 'signed-out' } : { state: 'unavailable' };
  const data = stats.data;
  const prefs = settings.ok ? settings.data.settings : null;
  const pausedUntil = prefs?.reminders_paused_until ? new Date(prefs.reminders_paused_until) : null;
  return {
    state: 'ready',
    renewals: [...data.upcoming_renewals].sort((a, b) => a.days_left - b.days_left || a.name.localeCompare(b.name)),
    pausedUntil: pausedUntil && pausedUntil > source.now() ? pausedUntil : null,
    locale: prefs?.locale ?? source.osLocale,
    timeZone: prefs?.effective_time_zone ?? source.osTimeZone,
  };
}

/** Pause (or resume, with null) through the reminders operation (POST /api/reminders/pause {until}). */
export async function pauseReminders(source: Pick<TrayDataSource, 'invoke' | 'context'>, until: Date | null): Promise<boolean> {
  const ctx = await source.context();
  if (ctx.userId === null) return false;
  const result = await source.invoke('reminders.pause', { until: until ? until.toISOString() : null }, ctx);
  return result.ok;
}
