import type { CommandRunner } from './run-command';

/**
 * Electron's Linux tray is a StatusNotifierItem: it shows only where something on the session
 * bus owns `org.kde.StatusNotifierWatcher` (KDE, Xfce, Cinnamon, Ubuntu's AppIndicator
 * extension). Stock GNOME has none, and `new Tray()` does not throw there: the icon is simply
 * never drawn. So the bus is asked, once, with a short timeout.
 */
export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';
const PROBE_TIMEOUT_MS = 1_000;

/** True when a tray host is present; false when it is absent or the bus cannot be asked. */
export async function hasStatusNotifierHost(run: CommandRunner): Promise<boolean> {
  const answer = await run(
    'dbus-send',
    [
      '--session',
      '--print-reply=literal',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      `string:${STATUS_NOTIFIER_WATCHER}`,
    ],
    PROBE_TIMEOUT_MS,
  );
  // `--print-reply=literal` prints the boolean as "   boolean true".
  return answer.ok && /\bboolean\s+true\b/.test(answer.stdout);
}
