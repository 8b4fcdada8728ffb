import type { Session } from 'electron';
import type { Logger } from '../core/ports/logger';

/**
 * The one permission the app's own page needs: writing to the clipboard (the licence key's Copy
 * button uses `navigator.clipboard.writeText`, which Chromium asks for as
 * `clipboard-sanitized-write`). Nothing else, and for no other origin.
 */
const ALLOWED_PERMISSION = 'clipboard-sanitized-write';

/**
 * Pure: whether a page at `url` (or an origin) may have `permission`. Only the exact app origin
 * counts. Compared as scheme + host: Node's URL gives a non-special scheme the origin "null",
 * while Chromium treats `app:` (registered standard) like https.
 */
export function permissionAllowed(permission: string, url: string | undefined, appOrigin: string): boolean {
  if (permission !== ALLOWED_PERMISSION || url === undefined) return false;
  try {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '' && parsed.port === '' && `${parsed.protocol}//${parsed.host}` === appOrigin;
  } catch {
    return false;
  }
}

/**
 * Denies every permission a page can ask for (camera, microphone, notifications, geolocation,
 * clipboard read, HID/USB/serial devices, …) except clipboard writes from `appOrigin`. Native
 * capabilities go through the main process, behind the IPC contract. Chromium asks both
 * handlers: the check (synchronous, `navigator.permissions`) and the request.
 */
export function restrictPermissions(session: Session, logger: Logger, appOrigin: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = permissionAllowed(permission, details.requestingUrl, appOrigin);
    if (!allowed) logger.info('Denied a permission request', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin, appOrigin));
  session.setDevicePermissionHandler(() => false);
}
