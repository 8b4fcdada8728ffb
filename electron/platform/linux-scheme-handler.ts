// Plain Node: registers an AppImage as the handler of the app's links. An AppImage installs
// nothing, so neither the .deb's desktop file nor `setAsDefaultProtocolClient` (which needs a
// desktop file) can make `agencyiq://` reach it: the app writes its own entry each start (the
// AppImage may have moved) and makes it the default with `xdg-mime` where that exists.
import fs from 'node:fs';
import path from 'node:path';
import { desktopExecArgument } from './login-items';
import type { CommandRunner } from './run-command';

/** The entry's name: not `agencyiq.desktop`, which the .deb installs system-wide. */
export function schemeHandlerFileName(scheme: string): string {
  return `${scheme}-appimage.desktop`;
}

export function linuxSchemeHandlerEntry(appImage: string, scheme: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=AgencyIQ',
    'Comment=Opens AgencyIQ links',
    `Exec=${desktopExecArgument(appImage)} %U`,
    `MimeType=x-scheme-handler/${scheme};`,
    'Terminal=false',
    // A handler, not a second launcher in the menu next to the AppImage's own.
    'NoDisplay=true',
    '',
  ].join('\n');
}

/** `$XDG_DATA_HOME/applications`, default `~/.local/share/applications`. */
export function userApplicationsDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const dataHome = env['XDG_DATA_HOME'];
  return path.join(dataHome !== undefined && path.isAbsolute(dataHome) ? dataHome : path.join(home, '.local', 'share'), 'applications');
}

/** Writes the entry and asks `xdg-mime` to make it the default; resolves to whether xdg-mime agreed. */
export async function registerAppImageSchemeHandler(options: {
  applicationsDir: string;
  appImage: string;
  scheme: string;
  run: CommandRunner;
}): Promise<boolean> {
  const file = schemeHandlerFileName(options.scheme);
  fs.mkdirSync(options.applicationsDir, { recursive: true });
  const target = path.join(options.applicationsDir, file);
  // Written aside and renamed, so a desktop reading the folder never sees half an entry.
  fs.writeFileSync(`${target}.tmp`, linuxSchemeHandlerEntry(options.appImage, options.scheme), { mode: 0o644 });
  fs.renameSync(`${target}.tmp`, target);
  const registered = await options.run('xdg-mime', ['default', file, `x-scheme-handler/${options.scheme}`], 5_000);
  return registered.ok;
}
