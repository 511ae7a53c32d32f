import type { PowerMonitor } from 'electron';

/**
 * After sleep the one armed reminder timer may be stale and "renews in 3 days" may be wrong:
 * run these on resume (and on unlock, which some systems report instead), e.g. re-arm the
 * scheduler so reminders that fell due meanwhile go out now, and refresh the tray.
 */
export function setupResume(powerMonitor: Pick<PowerMonitor, 'on'>, ...onResume: (() => void)[]): void {
  const run = () => {
    for (const handler of onResume) handler();
  };
  powerMonitor.on('resume', run);
  powerMonitor.on('unlock-screen', run);
}
