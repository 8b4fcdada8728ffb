import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkQueue } from '../../electron/core/deep-links/link-queue';
import { SecretStorageGate, SecretStorageWaitingError } from '../../electron/core/vault/secret-storage-gate';
import { appIdentity, toCoreLink } from '../../electron/platform/app-identity';
import { hasStatusNotifierHost } from '../../electron/platform/linux-tray-host';
import { linuxSchemeHandlerEntry, userApplicationsDir } from '../../electron/platform/linux-scheme-handler';
import { permissionAllowed } from '../../electron/platform/session-permissions';
import { testSecretStore } from '../support/test-ports';

// The plain-Node pieces of the desktop glue, one behaviour each.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-glue-'));
  dirs.push(dir);
  return dir;
};

describe('the tray host probe', () => {
  it('reads dbus-send\'s answer, and counts a missing bus or program as no tray', async () => {
    expect(await hasStatusNotifierHost(async () => ({ ok: true, stdout: '   boolean true\n' }))).toBe(true);
    expect(await hasStatusNotifierHost(async () => ({ ok: true, stdout: '   boolean false\n' }))).toBe(false);
    expect(await hasStatusNotifierHost(async () => ({ ok: false, stdout: '' }))).toBe(false);
  });
});

describe('the deep-link queue', () => {
  it('holds links while a page loads and delivers them in order once it is ready', () => {
    const delivered: string[] = [];
    const queue = new LinkQueue((raw) => delivered.push(raw));
    queue.push('agencyiq://compose');
    queue.push('agencyiq://licence/success');
    expect(delivered).toEqual([]);
    queue.rendererReady();
    expect(delivered).toEqual(['agencyiq://compose', 'agencyiq://licence/success']);
    queue.push('agencyiq://compose');
    expect(delivered).toHaveLength(3);
    queue.rendererLoading(); // a reload
    queue.push('agencyiq://compose');
    expect(delivered).toHaveLength(3);
  });
});

describe('the development identity', () => {
  it('gives an unpackaged run its own name, id and scheme, and maps only its own links', () => {
    expect(appIdentity(true)).toEqual({ name: 'AgencyIQ', appUserModelId: 'au.agencyiq.desktop', scheme: 'agencyiq' });
    expect(appIdentity(false)).toEqual({ name: 'AgencyIQ Dev', appUserModelId: 'au.agencyiq.desktop.dev', scheme: 'agencyiq-dev' });
    expect(toCoreLink('agencyiq-dev://compose', 'agencyiq-dev')).toBe('agencyiq://compose');
    // An installed build's links need no mapping; anything in a foreign scheme is left for the parser to refuse.
    expect(toCoreLink('agencyiq://compose', 'agencyiq')).toBe('agencyiq://compose');
    expect(toCoreLink('https://example.com', 'agencyiq-dev')).toBe('https://example.com');
  });
});

describe('the AppImage scheme handler entry', () => {
  it('declares the scheme and runs the AppImage with the link', () => {
    const entry = linuxSchemeHandlerEntry('/home/sam/Apps/Agency$IQ.AppImage', 'agencyiq');
    expect(entry).toContain('MimeType=x-scheme-handler/agencyiq;\n');
    expect(entry).toContain('Exec="/home/sam/Apps/Agency\\$IQ.AppImage" %U\n');
    expect(userApplicationsDir({}, '/home/sam')).toBe('/home/sam/.local/share/applications');
    expect(userApplicationsDir({ XDG_DATA_HOME: '/data' }, '/home/sam')).toBe('/data/applications');
    expect(userApplicationsDir({ XDG_DATA_HOME: 'relative' }, '/home/sam')).toBe('/home/sam/.local/share/applications');
  });
});

describe('clipboard permission', () => {
  it('is the exact permission for the exact app origin', () => {
    expect(permissionAllowed('clipboard-sanitized-write', 'app://agencyiq/index.html', 'app://agencyiq')).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'app://agencyiq', 'app://agencyiq')).toBe(true);
    expect(permissionAllowed('clipboard-read', 'app://agencyiq/index.html', 'app://agencyiq')).toBe(false);
    for (const url of ['app://agencyiq.evil/', 'app://user@agencyiq/', 'app://agencyiq:1/', 'https://agencyiq/', 'not a url', undefined]) {
      expect(permissionAllowed('clipboard-sanitized-write', url, 'app://agencyiq'), String(url)).toBe(false);
    }
  });
});

describe('the secret storage gate', () => {
  const weak = () => Object.assign(testSecretStore(), { protection: 'weak' as const });

  it('keeps a weak store closed until the owner accepts it, and remembers the choice', async () => {
    const dir = tempDir();
    const gate = new SecretStorageGate(weak(), dir);
    expect(gate.state).toBe('weak-needs-consent');
    await expect(gate.encrypt('token')).rejects.toBeInstanceOf(SecretStorageWaitingError);
    expect(gate.acceptWeak(1)).toBe(true);
    expect(gate.state).toBe('weak-accepted');
    expect(await gate.decrypt(await gate.encrypt('token'))).toBe('token');
    expect(new SecretStorageGate(weak(), dir).state).toBe('weak-accepted');
  });

  it('passes a keyring straight through and has nothing to accept; without any store nothing works', async () => {
    const protectedGate = new SecretStorageGate(testSecretStore(), tempDir());
    expect(protectedGate.state).toBe('protected');
    expect(protectedGate.acceptWeak(1)).toBe(false);
    const none = new SecretStorageGate(null, tempDir());
    expect(none.status()).toEqual({ state: 'unavailable', protection: null });
    expect(none.acceptWeak(1)).toBe(false);
    await expect(none.encrypt('token')).rejects.toBeInstanceOf(SecretStorageWaitingError);
  });
});
