import type { App, Session, Shell, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-protocol';

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links leave the app only as plain http(s) URLs without credentials, to the system browser. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' && url.hostname !== '';
  } catch {
    return false;
  }
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
export type ExternalOpener = Pick<Shell, 'openExternal'>;

/**
 * The one place a URL leaves the app: only after isSafeExternalUrl, and the browser gets the URL
 * as parsed and checked, not the raw text.
 */
export function openIfSafe(shell: ExternalOpener, url: string): void {
  if (!isSafeExternalUrl(url)) return;
  const checked = new URL(url).href;
  void shell.openExternal(checked).catch(() => {}); /* eng-disable OPEN_EXTERNAL_JS_CHECK -- reviewed: `checked` passed isSafeExternalUrl just above */
}

/** Applied to every WebContents the app creates (app 'web-contents-created'). */
export function hardenWebContents(contents: HardenableContents, shell: ExternalOpener): void {
  contents.setWindowOpenHandler(({ url }) => {
    openIfSafe(shell, url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      openIfSafe(shell, url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** No camera, microphone, geolocation, notifications-from-web, ...: the renderer needs none. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Before 'ready': every renderer sandboxed (even one created without our preferences), and every
 * WebContents the app ever creates hardened as it is created.
 */
export function setupSecurity(app: Pick<App, 'enableSandbox' | 'on'>, shell: ExternalOpener): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
}
