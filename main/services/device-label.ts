import Bowser from 'bowser';
import type { SessionKind } from './sessions';

export const DESKTOP_DEVICE = 'Spend Manager desktop';
const UNKNOWN = 'Unknown browser';

/** What the sessions list calls a session: "Chrome on macOS", "Firefox on Windows", "Spend Manager desktop". */
export function deviceLabel(kind: SessionKind, agent: string | null): string {
  if (kind === 'desktop') return DESKTOP_DEVICE;
  if (!agent?.trim()) return UNKNOWN;
  const parsed = Bowser.parse(agent);
  // The parser answers '' or undefined for what it does not know.
  const browser = parsed.browser.name || null;
  const os = parsed.os.name || null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? (os ? `A browser on ${os}` : UNKNOWN);
}
