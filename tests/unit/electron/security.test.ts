import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../common/csp';
import { createAppProtocolHandler } from '../../../main/electron/app-protocol';
import { hardenSession, hardenWebContents, isSafeExternalUrl, setupSecurity } from '../../../main/electron/security';
import { createMainWindow } from '../../../main/electron/window';
import viteConfig from '../../../vite.config';
import { FakeApp, FakeBrowserWindow, FakeWebContents } from './fakes';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../support/temp';

/** shell.openExternal as the app sees it: records what would reach the system browser. */
function fakeShell() {
  const opened: string[] = [];
  return { opened, openExternal: async (url: string) => void opened.push(url) };
}

describe('window security', () => {
  it('creates the window isolated, sandboxed, without Node anywhere, middle-click disabled', () => {
    const window = createMainWindow(FakeBrowserWindow as never, { preloadPath: '/p.cjs' }) as unknown as FakeBrowserWindow;
    expect(window.options.webPreferences).toEqual({
      preload: '/p.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    });
    expect(window.loadedUrl).toBe('app://app/index.html');
  });

  it('writes the window options as one literal where the window is created, so a scanner can read them', () => {
    const source = fs.readFileSync(path.resolve('main/electron/window.ts'), 'utf8');
    const literal = /new BrowserWindow\(\{[\s\S]*?webPreferences: \{([\s\S]*?)\n {4}\},/.exec(source)?.[1] ?? '';
    for (const line of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true', "disableBlinkFeatures: 'Auxclick'", 'preload: options.preloadPath']) {
      expect(literal).toContain(line);
    }
  });

  it('denies window.open and sends safe links to the system browser', () => {
    const contents = new FakeWebContents();
    const shell = fakeShell();
    const opened = shell.opened;
    hardenWebContents(contents as never, shell);
    expect(contents.windowOpenHandler!({ url: 'https://figma.com/billing' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://figma.com/billing']);
  });

  it('blocks navigation and redirects away from app://, and refuses <webview>', () => {
    const contents = new FakeWebContents();
    const shell = fakeShell();
    const opened = shell.opened;
    hardenWebContents(contents as never, shell);
    expect(contents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://app/index.html#/settings')).toBe(false);
    expect(contents.attempt('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(contents.attempt('will-attach-webview')).toBe(true);
    expect(opened).toEqual(['https://evil.example/']);
  });

  it('validates external URLs strictly', () => {
    expect(isSafeExternalUrl('https://example.com/cancel')).toBe(true);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
    expect(isSafeExternalUrl('smb://share/x')).toBe(false);
    expect(isSafeExternalUrl('not a url')).toBe(false);
  });

  it('denies every permission request and check', () => {
    let request: ((...a: any[]) => void) | null = null;
    let check: ((...a: any[]) => boolean) | null = null;
    hardenSession({ setPermissionRequestHandler: (h: any) => (request = h), setPermissionCheckHandler: (h: any) => (check = h) } as never);
    const answers: boolean[] = [];
    request!(null, 'media', (granted: boolean) => answers.push(granted));
    request!(null, 'notifications', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(check!(null, 'geolocation')).toBe(false);
  });
});

describe('app:// protocol', () => {
  function site() {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(root, 'assets', 'a.js'), 'console.log(1)');
    fs.writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'nope');
    return createAppProtocolHandler(root);
  }

  it('serves the renderer with the strict CSP as a header', async () => {
    const res = await site()(new Request('app://app/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('refuses path traversal and other hosts', async () => {
    const handler = site();
    expect((await handler(new Request('app://app/%2e%2e/secret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://app/..%2fsecret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://app/assets/a.js'))).status).toBe(200);
  });
});

describe('app-wide hardening (main/index.ts calls setupSecurity before ready)', () => {
  it('sandboxes every renderer and hardens each WebContents as it is created', () => {
    const app = new FakeApp();
    const shell = fakeShell();
    const opened = shell.opened;
    setupSecurity(app as never, shell);
    expect(app.sandboxed).toBe(true);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'HTTPS://Example.com/a b' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/a%20b']); // the parsed URL, not the raw text
    expect(contents.attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.attempt('will-attach-webview')).toBe(true);
    expect(opened).toHaveLength(1);
  });
});

describe('Content-Security-Policy in renderer/index.html', () => {
  it('the page carries the strict policy as a meta tag (filled in by the build) and loads no inline script', async () => {
    const source = fs.readFileSync(path.resolve('renderer/index.html'), 'utf8');
    expect(source).toMatch(/<meta http-equiv="Content-Security-Policy" content="%SPEND_CSP%"/);
    const plugin = (viteConfig as { plugins: any[] }).plugins.flat().find((p) => p?.name === 'spend-csp');
    const html: string = plugin.transformIndexHtml(source);
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(meta).toContain("default-src 'self'");
    expect(meta).toContain("script-src 'self'");
    expect(meta).toContain("object-src 'none'");
    expect(meta).not.toMatch(/unsafe-eval|unsafe-inline/);
    // Every <script> has a src: nothing inline that the policy would have to allow.
    expect([...html.matchAll(/<script\b[^>]*>/g)].every(([tag]) => / src="/.test(tag))).toBe(true);
  });
});
