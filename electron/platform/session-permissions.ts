import type { Session } from 'electron';
import type { Logger } from '../core/ports/logger';

/**
 * Denies every permission a page can ask for (camera, microphone, notifications, geolocation,
 * clipboard read, HID/USB/serial devices, …). The app needs none of them from the renderer:
 * native capabilities go through the main process, behind the IPC contract.
 */
export function denyAllPermissions(session: Session, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.info('Denied a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
