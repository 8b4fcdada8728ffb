import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../electron/core/security/content-security-policy';
import { EXTERNAL_URL_HOSTS } from '../../electron/core/security/external-url';
import { APP_START_URL, respondFromRenderer } from '../../electron/platform/app-protocol-response';
import { openAllowedExternalUrl, type ExternalOpener } from '../../electron/platform/external-link-opener';
import { restrictPermissions } from '../../electron/platform/session-permissions';
import { hardenWebContents } from '../../electron/platform/web-contents-guards';
import { mainWindowOptions, secureWebPreferences } from '../../electron/platform/window-options';
import { recordingLogger } from '../support/test-ports';

// The Electron security checklist as tests: every flag, header and handler the app relies on
// is produced by a function called here with fake Electron objects, so weakening any of them
// (or adding a window that skips them) fails `npm test`.

const ROOT = path.resolve(import.meta.dirname, '../..');
const PRELOAD = '/opt/AgencyIQ/resources/app.asar/out/electron/preload.cjs';

function recordingOpener(): ExternalOpener & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    openExternal: async (url: string) => {
      opened.push(url);
    },
  };
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('webPreferences of every window', () => {
  const preferences = secureWebPreferences(PRELOAD);

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
    ['safeDialogs', true],
    ['spellcheck', true],
  ] as const)('sets %s to %s', (flag, value) => {
    expect(preferences[flag]).toBe(value);
  });

  it('loads only our preload and enables nothing else (no blink features, no extra flags)', () => {
    expect(preferences.preload).toBe(PRELOAD);
    expect(Object.keys(preferences).sort()).toEqual(
      [
        'preload',
        'contextIsolation',
        'sandbox',
        'nodeIntegration',
        'nodeIntegrationInWorker',
        'nodeIntegrationInSubFrames',
        'webSecurity',
        'allowRunningInsecureContent',
        'experimentalFeatures',
        'webviewTag',
        'navigateOnDragDrop',
        'safeDialogs',
        'spellcheck',
      ].sort(),
    );
  });

  it('gives the main window exactly these preferences and keeps it hidden until painted', () => {
    const options = mainWindowOptions({ preloadPath: PRELOAD, title: 'AgencyIQ', bounds: { width: 1200, height: 800 } });
    expect(options.webPreferences).toEqual(preferences);
    expect(options.show).toBe(false);
  });

  it('creates windows only through mainWindowOptions, so no window can skip the checklist', () => {
    const creators = sourceFiles(path.join(ROOT, 'electron')).filter((file) =>
      /new\s+(BrowserWindow|BrowserView|WebContentsView)\b|webPreferences\s*:/.test(fs.readFileSync(file, 'utf8')),
    );
    expect(creators.map((file) => path.relative(ROOT, file)).sort()).toEqual([
      'electron/platform/main-window.ts',
      'electron/platform/window-options.ts',
    ]);
    const mainWindow = fs.readFileSync(path.join(ROOT, 'electron/platform/main-window.ts'), 'utf8');
    expect(mainWindow).toMatch(/new BrowserWindow\(mainWindowOptions\(/);
    expect(mainWindow.match(/new BrowserWindow/g)).toHaveLength(1);
  });

  it('wires the guards into the app: sandbox everywhere, every webContents hardened, permissions denied', () => {
    const main = fs.readFileSync(path.join(ROOT, 'electron/main.ts'), 'utf8');
    expect(main).toContain('app.enableSandbox();');
    expect(main).toMatch(/app\.on\('web-contents-created', \(_event, contents\) =>\s*hardenWebContents\(contents,/);
    expect(main).toContain('restrictPermissions(session.defaultSession, logger, APP_ORIGIN);');
    expect(main).toContain('allowedOrigins: [APP_ORIGIN]');
  });
});

describe('Content-Security-Policy', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-csp-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('allows only our own origin: no inline script, no eval, no remote anything, no framing', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-|\*|https?:/);
  });

  it('is sent as a header on every app:// response, errors included', async () => {
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>AgencyIQ</title>');
    const ok = await respondFromRenderer(dir, new Request(APP_START_URL + 'index.html'));
    const missing = await respondFromRenderer(dir, new Request(APP_START_URL + 'nope.js'));
    const traversal = await respondFromRenderer(dir, new Request(APP_START_URL + '..%2f..%2fetc%2fpasswd'));
    for (const response of [ok, missing, traversal]) {
      expect(response.headers.get('Content-Security-Policy')).toBe(contentSecurityPolicy());
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
    expect([ok.status, missing.status, traversal.status]).toEqual([200, 404, 404]);
  });
});

/** Stands in for a webContents: records the handlers the guards install and lets the test fire them. */
class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  /** Emits like Electron: returns whether a listener called preventDefault. */
  fire(name: string, details: { url?: string; isMainFrame?: boolean } = {}): boolean {
    let prevented = false;
    this.emit(name, { ...details, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

describe('navigation, new windows and <webview>', () => {
  function hardened() {
    const contents = new FakeWebContents();
    const asked: string[] = [];
    const logger = recordingLogger();
    hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0], {
      logger,
      openExternal: async (url) => {
        asked.push(url);
        return true;
      },
    });
    return { contents, asked, logger };
  }

  it('installs every guard', () => {
    const { contents } = hardened();
    expect(contents.eventNames().sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
    expect(contents.windowOpenHandler).not.toBeNull();
  });

  it('lets the app navigate within app://agencyiq only', () => {
    const { contents, asked } = hardened();
    expect(contents.fire('will-navigate', { url: 'app://agencyiq/#/drafts' })).toBe(false);
    for (const url of ['https://evil.example/', 'app://agencyiq.evil/', 'file:///etc/passwd', 'http://127.0.0.1:5173/', 'agencyiq://compose']) {
      expect(contents.fire('will-navigate', { url })).toBe(true);
    }
    // Leaving the app is handed to the allow-listed opener (which refuses these), never loaded inside.
    expect(asked).toEqual(['https://evil.example/', 'app://agencyiq.evil/', 'file:///etc/passwd', 'http://127.0.0.1:5173/', 'agencyiq://compose']);
  });

  it('blocks sub-frame navigations and redirects away from the app', () => {
    const { contents } = hardened();
    expect(contents.fire('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(true);
    expect(contents.fire('will-frame-navigate', { url: 'app://agencyiq/', isMainFrame: false })).toBe(false);
    expect(contents.fire('will-redirect', { url: 'https://evil.example/' })).toBe(true);
    expect(contents.fire('will-redirect', { url: 'app://agencyiq/index.html' })).toBe(false);
  });

  it('denies every new window, even of the app itself, and sends the link to the opener', () => {
    const { contents, asked } = hardened();
    for (const url of ['https://www.facebook.com/123', 'app://agencyiq/', 'javascript:alert(1)', 'about:blank']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(asked).toEqual(['https://www.facebook.com/123', 'app://agencyiq/', 'javascript:alert(1)', 'about:blank']);
  });

  it('refuses to attach a <webview>', () => {
    const { contents, logger } = hardened();
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(logger.lines.some((line) => line.startsWith('warn Blocked an attempt to attach a <webview>'))).toBe(true);
  });
});

describe('permissions', () => {
  type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void;
  class FakeSession {
    request: RequestHandler | null = null;
    check: ((...args: unknown[]) => boolean) | null = null;
    device: ((...args: unknown[]) => boolean) | null = null;
    setPermissionRequestHandler(handler: RequestHandler) {
      this.request = handler;
    }
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      this.check = handler;
    }
    setDevicePermissionHandler(handler: (...args: unknown[]) => boolean) {
      this.device = handler;
    }
  }

  const restricted = () => {
    const session = new FakeSession();
    restrictPermissions(session as unknown as Parameters<typeof restrictPermissions>[0], recordingLogger(), 'app://agencyiq');
    return session;
  };
  const ask = (session: FakeSession, permission: string, url: string) => {
    const answers: boolean[] = [];
    session.request?.({}, permission, (granted) => answers.push(granted), { requestingUrl: url });
    return answers;
  };

  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb'])(
    'denies a request for %s and answers every check with no',
    (permission) => {
      const session = restricted();
      const answers = ask(session, permission, 'app://agencyiq/index.html');
      expect(answers).toEqual([false]);
      expect(session.check?.({}, permission, 'app://agencyiq', {})).toBe(false);
      expect(session.device?.({ deviceType: permission, origin: 'app://agencyiq' })).toBe(false);
    },
  );

  it('lets the app page write to the clipboard (the licence key\'s Copy button), and no other origin', () => {
    const session = restricted();
    expect(ask(session, 'clipboard-sanitized-write', 'app://agencyiq/index.html#/plan')).toEqual([true]);
    expect(session.check?.({}, 'clipboard-sanitized-write', 'app://agencyiq', {})).toBe(true);
    for (const url of ['https://agencyiq.example/', 'app://agencyiq.evil/', 'app://other/', 'file:///index.html', 'http://127.0.0.1:5173/']) {
      expect(ask(session, 'clipboard-sanitized-write', url)).toEqual([false]);
      expect(session.check?.({}, 'clipboard-sanitized-write', new URL(url).origin, {})).toBe(false);
    }
  });
});

describe('openExternal allow-list', () => {
  it('names exactly the networks and Stripe, nothing broader', () => {
    expect([...EXTERNAL_URL_HOSTS].sort()).toEqual(
      [
        'facebook.com',
        'www.facebook.com',
        'instagram.com',
        'linkedin.com',
        'www.linkedin.com',
        'x.com',
        'twitter.com',
        'youtube.com',
        'www.youtube.com',
        'accounts.google.com',
        'checkout.stripe.com',
        'billing.stripe.com',
      ].sort(),
    );
  });

  it('opens an allow-listed https link, in its checked form', async () => {
    const shell = recordingOpener();
    expect(await openAllowedExternalUrl(shell, 'https://WWW.FACEBOOK.COM:443/agencyiq/posts/1', recordingLogger())).toBe(true);
    expect(shell.opened).toEqual(['https://www.facebook.com/agencyiq/posts/1']);
  });

  it.each([
    'http://www.facebook.com/',
    'javascript:alert(1)',
    'file:///C:/Windows/System32/calc.exe',
    'smb://attacker/share',
    'https://www.facebook.com.attacker.net/',
    'https://user@www.facebook.com/',
    'https://www.facebook.com:8443/',
    'https://face\nbook.com/',
    'app://agencyiq/',
    'agencyiq://compose',
  ])('never opens %s', async (url) => {
    const shell = recordingOpener();
    const logger = recordingLogger();
    expect(await openAllowedExternalUrl(shell, url, logger)).toBe(false);
    expect(shell.opened).toEqual([]);
    expect(logger.lines.some((line) => line.startsWith('warn Refused to open a link outside the allow-list'))).toBe(true);
  });

  it('reports false, without throwing, when the browser cannot be asked', async () => {
    const failing: ExternalOpener = { openExternal: () => Promise.reject(new Error('no browser')) };
    expect(await openAllowedExternalUrl(failing, 'https://x.com/agencyiq', recordingLogger())).toBe(false);
  });
});
