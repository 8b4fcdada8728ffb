import path from 'node:path';
import { app } from 'electron';
import { findDeepLinkArgument } from '../core/deep-links/find-deep-link-argument';

/**
 * Registers the app as the OS handler for its scheme (`agencyiq://`; `agencyiq-dev://` for a
 * development run, see app-identity.ts). In development (`electron .`) the executable is
 * Electron itself, so the app path has to be passed along or the OS would launch a bare
 * Electron. Packaged builds also declare the scheme in electron-builder.yml.
 */
export function registerAsDeepLinkHandler(scheme: string): boolean {
  if (process.defaultApp) {
    const appPath = process.argv[1];
    if (appPath === undefined) return false;
    return app.setAsDefaultProtocolClient(scheme, process.execPath, [path.resolve(appPath)]);
  }
  return app.setAsDefaultProtocolClient(scheme);
}

/**
 * Delivers raw deep links from every way the OS hands them over: the first launch's argv, a
 * second launch's argv forwarded through the single-instance lock (Windows, Linux), and
 * `open-url` (macOS, which may fire before `ready`). Register before `ready`.
 * `onSecondInstance` runs for every second launch, link or not, so the window can come forward.
 */
export function listenForDeepLinks(scheme: string, handlers: {
  onDeepLink: (raw: string) => void;
  onSecondInstance: () => void;
}): void {
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handlers.onDeepLink(url);
  });
  app.on('second-instance', (_event, argv) => {
    handlers.onSecondInstance();
    const link = findDeepLinkArgument(argv, scheme);
    if (link !== null) handlers.onDeepLink(link);
  });
  const initial = findDeepLinkArgument(process.argv, scheme);
  if (initial !== null) handlers.onDeepLink(initial);
}
