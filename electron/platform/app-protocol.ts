import { protocol } from 'electron';
import { APP_SCHEME, respondFromRenderer } from './app-protocol-response';

/**
 * Declares `app:` as a standard, secure scheme (a real origin, fetch allowed, treated like
 * https). Electron only accepts this before the `ready` event.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer on `app://agencyiq/` in the default session. Call after `ready`. */
export function serveRendererOnAppScheme(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => respondFromRenderer(rendererRoot, request));
}
