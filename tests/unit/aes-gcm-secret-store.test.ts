import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretUnreadableError } from '../../electron/core/ports/secret-store';
import { AesGcmSecretStore, openFileKeySecretStore } from '../../electron/core/vault/aes-gcm-secret-store';

const SECRET = 'x-access-token-Zm9vYmFy';

describe('AesGcmSecretStore', () => {
  it('round-trips a secret and never writes it in clear', async () => {
    const store = new AesGcmSecretStore(Buffer.alloc(32, 1));
    const blob = await store.encrypt(SECRET);
    expect(blob.includes(Buffer.from(SECRET))).toBe(false);
    expect(await store.decrypt(blob)).toBe(SECRET);
    // A fresh IV each time: the same secret never produces the same blob.
    expect((await store.encrypt(SECRET)).equals(blob)).toBe(false);
  });

  it('refuses a tampered blob, a truncated one and another key with SecretUnreadableError', async () => {
    const store = new AesGcmSecretStore(Buffer.alloc(32, 1));
    const blob = await store.encrypt(SECRET);
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    await expect(store.decrypt(tampered)).rejects.toBeInstanceOf(SecretUnreadableError);
    await expect(store.decrypt(blob.subarray(0, 10))).rejects.toBeInstanceOf(SecretUnreadableError);
    await expect(new AesGcmSecretStore(Buffer.alloc(32, 2)).decrypt(blob)).rejects.toBeInstanceOf(SecretUnreadableError);
  });

  it('creates a private key file once and reuses it after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-key-'));
    try {
      const keyFile = path.join(dir, 'nested', 'host.key');
      const blob = await openFileKeySecretStore(keyFile).encrypt(SECRET);
      if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      const reopened = openFileKeySecretStore(keyFile);
      expect(reopened.protection).toBe('file');
      expect(await reopened.decrypt(blob)).toBe(SECRET);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
