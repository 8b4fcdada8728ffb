// Plain Node: start-at-login settings per OS, without Electron, so they are tested under Node.
import fs from 'node:fs';
import path from 'node:path';

/** Passed by the login item (Windows, Linux) so the app starts quietly in the tray. */
export const HIDDEN_ARGUMENT = '--hidden';
export const LINUX_AUTOSTART_FILE = 'agencyiq.desktop';

/** What `app.setLoginItemSettings` gets on Windows and macOS (Linux has no such API). */
export function loginItemSettings(enabled: boolean, platform: NodeJS.Platform): { openAtLogin: boolean; args?: string[] } {
  // macOS tells the app it was opened at login (`wasOpenedAtLogin`); Windows needs an argument.
  return platform === 'win32' ? { openAtLogin: enabled, args: [HIDDEN_ARGUMENT] } : { openAtLogin: enabled };
}

/** True when this launch came from the login item, so the window stays closed and the tray is enough. */
export function startedAtLogin(launch: { argv: readonly string[]; wasOpenedAtLogin: boolean }): boolean {
  return launch.wasOpenedAtLogin || launch.argv.includes(HIDDEN_ARGUMENT);
}

/** One argument of a desktop entry's Exec line (Desktop Entry spec: quoted, escaping ", `, $ and \ inside). */
export function desktopExecArgument(value: string): string {
  return `"${value.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The XDG autostart entry that starts the app hidden at login on Linux. */
export function linuxAutostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=AgencyIQ',
    'Comment=Keeps your scheduled posts going out',
    `Exec=${desktopExecArgument(executable)} ${HIDDEN_ARGUMENT}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Writes or removes `~/.config/autostart/agencyiq.desktop`. `executable` is the AppImage when
 * running from one (its path is stable; the mounted binary's is not), else the installed binary.
 */
export function syncLinuxAutostart(options: { autostartDir: string; enabled: boolean; executable: string }): void {
  const file = path.join(options.autostartDir, LINUX_AUTOSTART_FILE);
  if (!options.enabled) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(options.autostartDir, { recursive: true });
  fs.writeFileSync(file, linuxAutostartEntry(options.executable), { mode: 0o644 });
}
