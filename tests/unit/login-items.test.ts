import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HIDDEN_ARGUMENT,
  LINUX_AUTOSTART_FILE,
  linuxAutostartEntry,
  loginItemSettings,
  startedAtLogin,
  syncLinuxAutostart,
} from '../../electron/platform/login-items';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('start at login', () => {
  it('asks Windows to start the app hidden, and macOS to open it at login', () => {
    expect(loginItemSettings(true, 'win32')).toEqual({ openAtLogin: true, args: [HIDDEN_ARGUMENT] });
    expect(loginItemSettings(false, 'win32')).toEqual({ openAtLogin: false, args: [HIDDEN_ARGUMENT] });
    expect(loginItemSettings(true, 'darwin')).toEqual({ openAtLogin: true });
  });

  it('recognises a launch by the login item', () => {
    expect(startedAtLogin({ argv: ['AgencyIQ.exe', HIDDEN_ARGUMENT], wasOpenedAtLogin: false })).toBe(true);
    expect(startedAtLogin({ argv: ['/Applications/AgencyIQ.app'], wasOpenedAtLogin: true })).toBe(true);
    expect(startedAtLogin({ argv: ['AgencyIQ.exe', 'agencyiq://compose'], wasOpenedAtLogin: false })).toBe(false);
  });

  it('writes and removes the Linux autostart entry, quoting the path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-autostart-'));
    dirs.push(dir);
    const autostartDir = path.join(dir, 'autostart');
    const file = path.join(autostartDir, LINUX_AUTOSTART_FILE);

    syncLinuxAutostart({ autostartDir, enabled: true, executable: '/home/sam/Apps/AgencyIQ "v1".AppImage' });
    const entry = fs.readFileSync(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\n');
    expect(entry).toContain(`Exec="/home/sam/Apps/AgencyIQ \\"v1\\".AppImage" ${HIDDEN_ARGUMENT}\n`);

    syncLinuxAutostart({ autostartDir, enabled: false, executable: '/ignored' });
    expect(fs.existsSync(file)).toBe(false);
    // Turning it off twice is fine.
    syncLinuxAutostart({ autostartDir, enabled: false, executable: '/ignored' });
  });

  it('escapes shell-like characters in the Exec line', () => {
    expect(linuxAutostartEntry('/opt/Agency$IQ/`x`\\agencyiq')).toContain('Exec="/opt/Agency\\$IQ/\\`x\\`\\\\agencyiq" --hidden');
  });
});
