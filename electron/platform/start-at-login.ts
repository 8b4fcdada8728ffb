import path from 'node:path';
import { app } from 'electron';
import type { Logger } from '../core/ports/logger';
import { loginItemSettings, startedAtLogin, syncLinuxAutostart } from './login-items';

/**
 * Follows the "Start AgencyIQ when I log in" switch: the login item on Windows and macOS, an
 * XDG autostart entry on Linux. Only for installed builds: a development run would register
 * a bare Electron binary.
 */
export function applyStartAtLogin(enabled: boolean, logger: Logger): void {
  if (!app.isPackaged) {
    logger.info('Start at login is only applied to the installed app', { enabled });
    return;
  }
  try {
    if (process.platform === 'linux') {
      syncLinuxAutostart({
        autostartDir: path.join(app.getPath('appData'), 'autostart'),
        enabled,
        executable: process.env.APPIMAGE ?? process.execPath,
      });
    } else {
      app.setLoginItemSettings(loginItemSettings(enabled, process.platform));
    }
  } catch (error) {
    logger.warn('Could not change start at login', { enabled, error: error instanceof Error ? error.message : String(error) });
  }
}

/** True when the OS started the app at login, so it opens to the tray without a window. */
export function launchedAtLogin(): boolean {
  const wasOpenedAtLogin = process.platform === 'darwin' ? app.getLoginItemSettings().wasOpenedAtLogin : false;
  return startedAtLogin({ argv: process.argv, wasOpenedAtLogin });
}
