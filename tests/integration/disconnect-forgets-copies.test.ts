import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../electron/core/open-core';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';

// Issue 15, item 7: the daily backups and the kept files (before-restore, damaged) are copies of
// the database and held a disconnected account's token ciphertext for days or for ever. After
// Disconnect, no file anywhere in the data folder may contain it (nor the tokens themselves).

let fakes: OAuthFakes;
let t: OAuthTestCore;

beforeAll(async () => {
  fakes = await startOAuthFakes();
});
afterAll(async () => {
  await fakes.stop();
});
afterEach(async () => {
  await t?.core.close();
});

async function connectX(): Promise<void> {
  await t.core.handlers['connections.connect']({ platform: 'x' });
  await t.core.openDeepLink(await approveInBrowser(t.shell.opened.at(-1)!));
  expect((await t.platform('x')).status.state).toBe('connected');
}

function liveCiphertext(platform: string): Buffer {
  const row = t.core.database.sqlite.prepare('SELECT token_ciphertext FROM connections WHERE platform = ?').get(platform) as { token_ciphertext: Buffer };
  return Buffer.from(row.token_ciphertext);
}

function everyFile(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? everyFile(full) : [full];
  });
}

/** The files in the data folder whose bytes contain `needle`. */
function filesContaining(needle: Buffer): string[] {
  return everyFile(t.dataDir).filter((file) => fs.readFileSync(file).includes(needle));
}

describe('Disconnect removes the token ciphertext from every copy of the database', () => {
  it('backups, the before-restore file and a damaged file hold none of it afterwards, and still pass their checks', async () => {
    t = await openOAuthTestCore(fakes.env);
    // The start's daily backup (made in the background worker) is of the database before X.
    await expect.poll(async () => (await t.core.handlers['backups.list']({})).backups.length, { timeout: 15_000 }).toBe(1);
    await connectX();
    const first = liveCiphertext('x');
    await t.core.handlers['backups.create']({});
    // A refresh writes a new ciphertext; the next backup holds that one.
    t.clock.advance(2 * 3600 * 1000);
    const id = (await t.core.connections.store.byPlatform('x'))!.id;
    await t.core.connections.refresh.getAccessToken(id);
    const second = liveCiphertext('x');
    expect(second.equals(first)).toBe(false);
    t.clock.advance(1000);
    const newest = await t.core.handlers['backups.create']({});
    // Restoring moves the database in use aside as agencyiq.db.before-restore-<time>.
    await t.core.handlers['backups.restore']({ id: newest.id });
    // And a copy the app set aside as damaged at some start (here: readable, as most are).
    fs.copyFileSync(path.join(t.dataDir, DATABASE_FILE_NAME), path.join(t.dataDir, `${DATABASE_FILE_NAME}.damaged-20261201-080000`));

    const secrets = [first, second, ...[...fakes.servers.x.issuedAccessTokens, ...fakes.servers.x.issuedRefreshTokens].map((s) => Buffer.from(s))];
    expect(filesContaining(second).length).toBeGreaterThanOrEqual(3);

    await t.core.handlers['connections.disconnect']({ platform: 'x' });

    for (const secret of secrets) expect(filesContaining(secret), secret.toString('base64').slice(0, 12)).toEqual([]);
    // The backups are still listed and sound; restoring one asks for a new X sign-in.
    const { backups } = await t.core.handlers['backups.list']({});
    expect(backups.length).toBeGreaterThanOrEqual(2);
    const xRows: unknown[] = [];
    for (const backup of backups) {
      const copy = new BetterSqlite3(path.join(t.dataDir, 'backups', backup.id), { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      xRows.push(...copy.prepare("SELECT state, token_ciphertext FROM connections WHERE platform = 'x'").all());
      copy.close();
    }
    // The two made after connecting keep the row (posts point at it), without its ciphertext.
    expect(xRows).toEqual([
      { state: 'needs_reconnect', token_ciphertext: null },
      { state: 'needs_reconnect', token_ciphertext: null },
    ]);
    await t.core.handlers['backups.restore']({ id: backups[0]!.id });
    expect((await t.platform('x')).status.state).toBe('needs_reconnect');
  });

  it('waits for a backup being written, which ends sound and without the ciphertext', async () => {
    t = await openOAuthTestCore(fakes.env);
    await connectX();
    const ciphertext = liveCiphertext('x');
    const backingUp = t.core.handlers['backups.create']({});
    const disconnecting = t.core.handlers['connections.disconnect']({ platform: 'x' });
    const [made] = await Promise.all([backingUp, disconnecting]);
    const copy = new BetterSqlite3(path.join(t.dataDir, 'backups', made.id), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    expect(filesContaining(ciphertext)).toEqual([]);
  });

  it('tells the owner which kept copy it could not clean', async () => {
    t = await openOAuthTestCore(fakes.env);
    await connectX();
    // A copy whose pages SQLite cannot read: a database header, then garbage.
    const broken = path.join(t.dataDir, `${DATABASE_FILE_NAME}.damaged-20261201-090000`);
    const bytes = fs.readFileSync(path.join(t.dataDir, DATABASE_FILE_NAME)).subarray(0, 4096);
    fs.writeFileSync(broken, Buffer.concat([bytes.subarray(0, 100), Buffer.alloc(4096 * 3, 0xee)]));
    await t.core.handlers['connections.disconnect']({ platform: 'x' });
    const x = await t.platform('x');
    expect(x.status.state).toBe('not_connected');
    expect(x.notice).toContain('could not remove the X sign-in from a damaged copy');
    expect(x.notice).toContain(path.basename(broken));
  });
});
