import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { preparedQuery, type ParamOf } from '@shared/db/prepared-query';
import type { Platform } from '@shared/domain/platform';
import type { Database } from '../db/schema';
import type { Clock } from '../ports/clock';
import { SecretUnreadableError, type SecretStore } from '../ports/secret-store';
import { tokenSetSchema, type TokenSet } from './token-set';
import { decryptAndRenew } from '../vault/decrypt-and-renew';

/** Why a connection needs the owner to sign in again; mapped to plain words for the UI. */
export type ReconnectReason = 'revoked' | 'unreadable' | 'expired' | 'refused';

/** A connection as the core sees it, without its secrets. */
export interface ConnectionRecord {
  id: string;
  platform: Platform;
  accountId: string;
  displayName: string;
  state: 'connected' | 'needs_reconnect';
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  reason: ReconnectReason | null;
  /** What else the account may post as (LinkedIn organisations); empty for most. */
  targets: ConnectionTarget[];
}

/** Another identity a connection can post as, e.g. a LinkedIn organisation Page. */
export interface ConnectionTarget {
  id: string;
  name: string;
}

/** What a finished sign-in stores. */
export interface NewConnection {
  platform: Platform;
  accountId: string;
  displayName: string;
  tokens: TokenSet;
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  targets?: ConnectionTarget[];
}

/** The connection cannot be used until the owner reconnects; nothing should retry it. */
export class ConnectionNeedsReconnectError extends Error {
  constructor(readonly connectionId: string) {
    super('This connection needs the owner to reconnect.');
    this.name = 'ConnectionNeedsReconnectError';
  }
}

const REASONS: readonly ReconnectReason[] = ['revoked', 'unreadable', 'expired', 'refused'];

/**
 * The token vault over the `connections` table. Tokens go in as ONE JSON blob encrypted by the
 * SecretStore port; SQLite only ever sees ciphertext. One live connection per platform: a new
 * sign-in replaces the previous one. A blob that no longer decrypts (keyring reset, another
 * machine's copy) turns that connection into `needs_reconnect`, never an exception to the owner.
 */
export class ConnectionStore {
  /**
   * The last tokens decrypted per connection, with the exact ciphertext they came from. Every
   * publish reads its connection's tokens; decrypting and parsing them each time cost more than
   * the send. Memory only. A stored blob that differs in any byte (every write encrypts with a
   * fresh nonce: a refresh, a new sign-in, a restored backup) is decrypted again, and every write
   * through this store forgets the connection's entry, so nothing stale can be handed out.
   */
  readonly #opened = new Map<string, { ciphertext: Buffer; tokens: TokenSet }>();

  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ConnectionRecord[]> {
    const rows = await this.#select().where('state', '!=', 'disconnected').orderBy('platform').execute();
    return rows.map(toRecord);
  }

  async byPlatform(platform: Platform): Promise<ConnectionRecord | null> {
    const row = await this.#select().where('platform', '=', platform).where('state', '!=', 'disconnected').executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async get(id: string): Promise<ConnectionRecord | null> {
    const row = (await connectionById(this.db, { id }))[0];
    return row && row.state !== 'disconnected' ? toRecord(row) : null;
  }

  /** Stores a finished sign-in, replacing whatever the platform had; returns the connection id. */
  async saveConnected(input: NewConnection): Promise<string> {
    const ciphertext = await this.#seal(input.tokens);
    const now = this.clock.now();
    this.#opened.clear();
    return this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('connections')
        .where('platform', '=', input.platform)
        .where('account_id', '!=', input.accountId)
        .execute();
      const existing = await trx
        .selectFrom('connections')
        .select('id')
        .where('platform', '=', input.platform)
        .where('account_id', '=', input.accountId)
        .executeTakeFirst();
      const values = {
        display_name: input.displayName,
        state: 'connected' as const,
        token_ciphertext: ciphertext,
        access_expires_at: input.accessExpiresAt,
        refresh_expires_at: input.refreshExpiresAt,
        state_reason: null,
        targets_json: input.targets && input.targets.length > 0 ? JSON.stringify(input.targets) : null,
        updated_at: now,
      };
      if (existing) {
        await trx.updateTable('connections').set(values).where('id', '=', existing.id).execute();
        return existing.id;
      }
      const id = randomUUID();
      await trx
        .insertInto('connections')
        .values({ id, platform: input.platform, account_id: input.accountId, created_at: now, ...values })
        .execute();
      return id;
    });
  }

  /**
   * Decrypts the connection's tokens. A blob that does not decrypt or parse marks the connection
   * `needs_reconnect` ('unreadable') and throws ConnectionNeedsReconnectError.
   */
  async readTokens(id: string): Promise<TokenSet> {
    const row = (await tokenCiphertext(this.db, { id }))[0];
    if (!row || row.state !== 'connected' || row.token_ciphertext === null) {
      this.#opened.delete(id);
      throw new ConnectionNeedsReconnectError(id);
    }
    const ciphertext = Buffer.from(row.token_ciphertext);
    const opened = this.#opened.get(id);
    if (opened !== undefined && opened.ciphertext.equals(ciphertext)) return { ...opened.tokens };
    this.#opened.delete(id);
    try {
      // Renewed only if the row still holds the blob that was read (a refresh may have replaced it).
      const json = await decryptAndRenew(this.secrets, ciphertext, async (renewed) => {
        await this.db.updateTable('connections').set({ token_ciphertext: renewed }).where('id', '=', id).where('token_ciphertext', '=', ciphertext).execute();
      }, null);
      const parsed = tokenSetSchema.safeParse(JSON.parse(json));
      if (!parsed.success) throw new SecretUnreadableError('The saved sign-in has an unknown shape.');
      this.#opened.set(id, { ciphertext, tokens: { ...parsed.data } });
      return parsed.data;
    } catch (error) {
      if (!(error instanceof SecretUnreadableError) && !(error instanceof SyntaxError)) throw error;
      await this.markNeedsReconnect(id, 'unreadable');
      throw new ConnectionNeedsReconnectError(id);
    }
  }

  /**
   * Replaces the tokens after a refresh. Resolves only once the transaction has committed, so a
   * rotated refresh token is on disk before anyone is handed the new access token.
   */
  async replaceTokens(id: string, tokens: TokenSet, accessExpiresAt: number | null, refreshExpiresAt: number | null): Promise<void> {
    const ciphertext = await this.#seal(tokens);
    this.#opened.delete(id);
    const result = await this.db
      .updateTable('connections')
      .set({
        token_ciphertext: ciphertext,
        access_expires_at: accessExpiresAt,
        refresh_expires_at: refreshExpiresAt,
        updated_at: this.clock.now(),
      })
      .where('id', '=', id)
      .where('state', '=', 'connected')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ConnectionNeedsReconnectError(id);
  }

  /**
   * Marks the connection as needing a new sign-in. The saved tokens are wiped: they are dead,
   * and keeping them only invites a retry loop. Returns true only for the call that changed it.
   */
  async markNeedsReconnect(id: string, reason: ReconnectReason): Promise<boolean> {
    this.#opened.delete(id);
    await this.#wipeOnDelete();
    const result = await this.db
      .updateTable('connections')
      .set({ state: 'needs_reconnect', state_reason: reason, token_ciphertext: null, updated_at: this.clock.now() })
      .where('id', '=', id)
      .where('state', '=', 'connected')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Deletes every connection of the platform, ciphertext included — also from the file's free
   * pages (secure_delete zeroes what a DELETE frees) and from the write-ahead log (checkpointed
   * and truncated), so a disconnected account leaves no encrypted token anywhere on disk.
   */
  async remove(platform: Platform): Promise<number> {
    this.#opened.clear();
    await this.#wipeOnDelete();
    const result = await this.db.deleteFrom('connections').where('platform', '=', platform).executeTakeFirst();
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
    return Number(result.numDeletedRows);
  }

  #secureDelete = false;
  async #wipeOnDelete(): Promise<void> {
    if (this.#secureDelete) return;
    await sql`PRAGMA secure_delete = ON`.execute(this.db);
    this.#secureDelete = true;
  }

  async #seal(tokens: TokenSet): Promise<Buffer> {
    return this.secrets.encrypt(JSON.stringify(tokenSetSchema.parse(tokens)));
  }

  #select() {
    return this.db
      .selectFrom('connections')
      .select(['id', 'platform', 'account_id', 'display_name', 'state', 'access_expires_at', 'refresh_expires_at', 'state_reason', 'targets_json']);
  }
}

// Read before every publish: built and compiled once (shared/db/prepared-query.ts).
const connectionById = preparedQuery((db: Database, param: ParamOf<{ id: string }>) =>
  db
    .selectFrom('connections')
    .select(['id', 'platform', 'account_id', 'display_name', 'state', 'access_expires_at', 'refresh_expires_at', 'state_reason', 'targets_json'])
    .where('id', '=', param('id')),
);
const tokenCiphertext = preparedQuery((db: Database, param: ParamOf<{ id: string }>) =>
  db.selectFrom('connections').select(['state', 'token_ciphertext']).where('id', '=', param('id')),
);

function toRecord(row: {
  id: string;
  platform: Platform;
  account_id: string;
  display_name: string;
  state: 'connected' | 'needs_reconnect' | 'disconnected';
  access_expires_at: number | null;
  refresh_expires_at: number | null;
  state_reason: string | null;
  targets_json: string | null;
}): ConnectionRecord {
  const reason = REASONS.find((r) => r === row.state_reason) ?? null;
  return {
    id: row.id,
    platform: row.platform,
    accountId: row.account_id,
    displayName: row.display_name,
    state: row.state === 'connected' ? 'connected' : 'needs_reconnect',
    accessExpiresAt: row.access_expires_at,
    refreshExpiresAt: row.refresh_expires_at,
    reason: row.state === 'connected' ? null : (reason ?? 'refused'),
    targets: parseTargets(row.targets_json),
  };
}

/** The organisations (or other targets) a connection may post as, from its stored JSON; anything unreadable is left out. */
export function parseTargets(json: string | null): ConnectionTarget[] {
  if (json === null) return [];
  try {
    const value = JSON.parse(json) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (t): t is ConnectionTarget => typeof t === 'object' && t !== null && typeof t.id === 'string' && typeof t.name === 'string',
    );
  } catch {
    return [];
  }
}
