// No runtime Electron import: the security audit test drives these guards with a fake webContents.
import type { WebContents } from 'electron';
import type { Logger } from '../core/ports/logger';
import { isTrustedSenderUrl } from '../ipc/trusted-sender';
import { APP_ORIGIN } from './app-protocol-response';

/** True when `url` is a page of the app itself (same origin, parsed, not a string prefix). */
export function isAppUrl(url: string): boolean {
  return isTrustedSenderUrl(url, [APP_ORIGIN]);
}

/**
 * Locks down one webContents: it may only ever show app:// pages. Navigations and redirects
 * elsewhere are cancelled, new windows are refused (an allow-listed https link opens in the
 * system browser instead) and <webview> cannot be attached. Applied to every webContents the app
 * creates, via `web-contents-created`, so a future window cannot forget it. `openExternal` is the
 * allow-listed opener (`openExternalUrl`).
 */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  guards: { logger: Logger; openExternal: (url: string) => Promise<boolean> },
): void {
  const { logger, openExternal } = guards;
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    // A plain link to a published post should still reach the browser; anything else is dropped.
    void openExternal(event.url);
  });

  // will-navigate only covers the main frame; this catches sub-frames too.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || isAppUrl(event.url)) return;
    event.preventDefault();
    logger.warn('Blocked a frame navigation away from the app', { url: event.url.slice(0, 300) });
  });

  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    logger.warn('Blocked a redirect away from the app', { url: event.url.slice(0, 300) });
  });

  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('Blocked an attempt to attach a <webview>');
  });
}
