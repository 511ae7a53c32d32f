import type { App, Session, WebContents, WebPreferences } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-protocol';

/** The only web preferences a window of ours is created with. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

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

/** Applied to every WebContents the app creates (app 'web-contents-created'). */
export function hardenWebContents(contents: HardenableContents, openExternal: (url: string) => void): void {
  // The browser gets the URL as parsed and checked, not the raw text.
  const openIfSafe = (url: string) => {
    if (isSafeExternalUrl(url)) openExternal(new URL(url).href);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openIfSafe(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      openIfSafe(url);
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
export function setupSecurity(app: Pick<App, 'enableSandbox' | 'on'>, openExternal: (url: string) => void): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
}
