import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';
import type { TokenSet } from '../../electron/core/connections/token-set';
import { ConnectionNeedsReconnectError, ConnectionStore } from '../../electron/core/connections/connection-store';
import { testSecretStore } from '../support/test-ports';

// The store remembers the tokens it last decrypted (every publish reads them); these tests pin
// down that nothing it remembers outlives the stored ciphertext it came from.

let dir: string;
let database: OpenedDatabase;
let decrypts: number;

const clock = { now: () => 1_000 };
const tokens = (accessToken: string): TokenSet => ({ accessToken, refreshToken: 'refresh-1', userAccessToken: null, scope: null });

function countingStore(): ConnectionStore {
  const secrets = testSecretStore();
  const decrypt = secrets.decrypt.bind(secrets);
  secrets.decrypt = async (cipherText: Buffer) => {
    decrypts++;
    return decrypt(cipherText);
  };
  return new ConnectionStore(database.db, secrets, clock);
}

async function connect(store: ConnectionStore, accessToken: string): Promise<string> {
  return store.saveConnected({ platform: 'x', accountId: 'acct-1', displayName: 'Paddo Bakery', tokens: tokens(accessToken), accessExpiresAt: null, refreshExpiresAt: null });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-token-cache-'));
  database = openDatabase(path.join(dir, 'agencyiq.db'));
  decrypts = 0;
});
afterEach(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('repeated reads of unchanged tokens decrypt once, and a caller cannot alter what is remembered', async () => {
  const store = countingStore();
  const id = await connect(store, 'access-1');
  const first = await store.readTokens(id);
  first.accessToken = 'scribbled';
  expect(await store.readTokens(id)).toEqual(tokens('access-1'));
  expect(await store.readTokens(id)).toEqual(tokens('access-1'));
  expect(decrypts).toBe(1);
});

test('a refresh, a new sign-in, or a write by another store over the same file is read afresh', async () => {
  const store = countingStore();
  const id = await connect(store, 'access-1');
  expect((await store.readTokens(id)).accessToken).toBe('access-1');

  await store.replaceTokens(id, tokens('access-2'), null, null);
  expect((await store.readTokens(id)).accessToken).toBe('access-2');

  expect(await connect(store, 'access-3')).toBe(id);
  expect((await store.readTokens(id)).accessToken).toBe('access-3');

  // Another writer (a restored backup's rows, another store instance): different ciphertext.
  await countingStore().replaceTokens(id, tokens('access-4'), null, null);
  expect((await store.readTokens(id)).accessToken).toBe('access-4');
});

test('once the connection needs a reconnect or is disconnected, its remembered tokens are never handed out', async () => {
  const store = countingStore();
  const id = await connect(store, 'access-1');
  await store.readTokens(id);
  expect(await store.markNeedsReconnect(id, 'revoked')).toBe(true);
  await expect(store.readTokens(id)).rejects.toBeInstanceOf(ConnectionNeedsReconnectError);

  const again = await connect(store, 'access-2');
  expect((await store.readTokens(again)).accessToken).toBe('access-2');
  await store.remove('x');
  await expect(store.readTokens(again)).rejects.toBeInstanceOf(ConnectionNeedsReconnectError);
});
