import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceIdentityStore } from '../../electron/core/licence/device-identity-store';
import { deviceKeyHash, parseEd25519PublicKey } from '../../electron/core/licence/ed25519';
import { silentLogger } from '../../electron/core/ports/logger';
import { AesGcmSecretStore } from '../../electron/core/vault/aes-gcm-secret-store';
import { testSecretStore } from '../support/test-ports';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';

// The device identity is the app's "login": if it changed on every start the owner would
// lose their plan each time; if it could not recover from a reset keyring the app would not start.

const clock = { now: () => Date.UTC(2026, 10, 26, 9) };
let temp: TempDatabase;

beforeEach(() => {
  temp = openTempDatabase('agencyiq-identity-');
});
afterEach(() => temp.cleanup());

function store(secrets = testSecretStore()) {
  return new DeviceIdentityStore(temp.database.db, secrets, clock, silentLogger);
}

describe('DeviceIdentityStore', () => {
  it('creates a key pair on first run and keeps it across restarts', async () => {
    const first = await store().loadOrCreate("Sam's MacBook Air");
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.keyHash).toBe(deviceKeyHash(first.publicKey));
    expect(first.replacedUnreadable).toBe(false);

    await temp.reopen();
    const again = await store().loadOrCreate('ignored on reload');
    expect(again.publicKey).toBe(first.publicKey);
    expect(again.deviceName).toBe("Sam's MacBook Air");

    // The signature verifies with the public key the server is given.
    const publicKey = parseEd25519PublicKey(first.publicKey);
    expect(publicKey).not.toBeNull();
    const signature = Buffer.from(again.sign('agencyiq-device-session:v1:nonce'), 'base64url');
    expect(crypto.verify(null, Buffer.from('agencyiq-device-session:v1:nonce'), publicKey!, signature)).toBe(true);
  });

  it('stores the private key only as ciphertext', async () => {
    await store().loadOrCreate('Desk');
    const row = temp.database.sqlite.prepare('SELECT * FROM device_identity').get() as Record<string, unknown>;
    const blob = Buffer.from(row.private_key_ciphertext as Uint8Array);
    expect(blob.toString('latin1')).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(row)).not.toMatch(/BEGIN|PRIVATE/);
    expect(await testSecretStore().decrypt(blob)).toContain('BEGIN PRIVATE KEY');
  });

  it('makes a new identity, says so, and drops the old lease when the keyring was reset', async () => {
    const before = await store().loadOrCreate('Desk');
    temp.database.sqlite
      .prepare("INSERT INTO licence (id, lease, clock_high_water, updated_at, licence_key, server_status) VALUES (1, 'v1.old.lease', 5, 5, 'AIQ-KEY-0001', 'active')")
      .run();

    const resetKeyring = new AesGcmSecretStore(Buffer.alloc(32, 9));
    const after = await store(resetKeyring).loadOrCreate('Desk');
    expect(after.publicKey).not.toBe(before.publicKey);
    expect(after.replacedUnreadable).toBe(true);
    expect(after.deviceName).toBe('Desk');
    const licence = temp.database.sqlite.prepare('SELECT lease, server_status, licence_key FROM licence').get();
    // The old lease names the old key and can never verify again; the key is kept so the owner can re-enter it.
    expect(licence).toEqual({ lease: null, server_status: null, licence_key: 'AIQ-KEY-0001' });

    // The new identity is stored with the new keyring and loads normally from now on.
    const reloaded = await store(resetKeyring).loadOrCreate('Desk');
    expect(reloaded.publicKey).toBe(after.publicKey);
    expect(reloaded.replacedUnreadable).toBe(true);
    await store(resetKeyring).acknowledgeReplacement();
    expect((await store(resetKeyring).loadOrCreate('Desk')).replacedUnreadable).toBe(false);
  });

  it('treats a garbled ciphertext like a reset keyring, without throwing', async () => {
    const before = await store().loadOrCreate('Desk');
    temp.database.sqlite.prepare('UPDATE device_identity SET private_key_ciphertext = ?').run(Buffer.from('garbage'));
    const after = await store().loadOrCreate('Desk');
    expect(after.publicKey).not.toBe(before.publicKey);
    expect(after.replacedUnreadable).toBe(true);
  });
});
