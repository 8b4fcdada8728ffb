import type { Logger } from '../ports/logger';
import type { Clock } from '../ports/clock';
import type { Platform } from '@shared/domain/platform';
import {
  ConnectionNeedsReconnectError,
  type ConnectionRecord,
  type ConnectionStore,
  type ReconnectReason,
} from './connection-store';
import type { TokenSet } from './token-set';
import type { ProviderRegistry } from './provider-registry';
import { TokenRequestError, type TokenClient } from './token-request';

/** The token could not be renewed right now (network, 5xx, 429); the caller should try again after `retryAt`. */
export class RefreshUnavailableError extends Error {
  constructor(
    readonly connectionId: string,
    readonly retryAt: number,
  ) {
    super('The platform could not be reached to renew the sign-in; AgencyIQ will try again.');
    this.name = 'RefreshUnavailableError';
  }
}

const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * Hands out access tokens for publishing, renewing them shortly before they run out.
 *
 * - Single-flight per connection: concurrent callers share one promise, so N publishes on an
 *   expired token cause ONE refresh request (X refresh tokens are single-use; two parallel
 *   refreshes with the same token can revoke the whole chain).
 * - A rotated refresh token is committed to SQLite before the new access token is returned to
 *   anyone; if the process dies in between, the next start finds the old refresh token, the
 *   provider refuses it once, and the connection becomes `needs_reconnect` — never a loop.
 * - `invalid_grant`/refusal marks the connection `needs_reconnect` exactly once (and tells the
 *   UI); afterwards calls fail fast without touching the network.
 * - Network trouble backs off exponentially; until then callers get RefreshUnavailableError
 *   (or the current token while it is still valid).
 */
export class RefreshManager {
  readonly #inFlight = new Map<string, Promise<string>>();
  readonly #backoff = new Map<string, { failures: number; retryAt: number }>();

  constructor(
    private readonly deps: {
      store: ConnectionStore;
      registry: ProviderRegistry;
      tokens: TokenClient;
      clock: Clock;
      logger: Logger;
      /** Called (and awaited) after a connection turned `needs_reconnect`, so the owner sees it before the caller does. */
      onNeedsReconnect: (connectionId: string) => Promise<void>;
    },
  ) {}

  /** A valid access token for the connection; throws ConnectionNeedsReconnectError or RefreshUnavailableError. */
  getAccessToken(connectionId: string): Promise<string> {
    const running = this.#inFlight.get(connectionId);
    if (running) return running;
    return this.#track(connectionId, this.#resolve(connectionId));
  }

  /**
   * The platform refused `rejectedToken` (HTTP 401, Graph 190): a new token, renewed at most once
   * however many publishes saw the refusal. Single-flight with `getAccessToken`: it waits for a
   * renewal already running, and if the stored token already differs from the refused one
   * (someone renewed it meanwhile) that one is returned without a request. Otherwise it refreshes
   * when there is a refresh token, and without one the connection becomes `needs_reconnect`.
   * Throws ConnectionNeedsReconnectError or RefreshUnavailableError like `getAccessToken`.
   */
  renewAfterRejection(connectionId: string, rejectedToken: string): Promise<string> {
    const before = this.#inFlight.get(connectionId);
    const run = async () => {
      await before?.catch(() => {});
      return this.#renew(connectionId, rejectedToken);
    };
    return this.#track(connectionId, run());
  }

  /**
   * A token fresh from a renewal was refused too: the account no longer lets AgencyIQ post, so
   * the connection becomes `needs_reconnect` (once; the owner is told). Never throws.
   */
  async reportRefused(connectionId: string): Promise<void> {
    await this.#needsReconnect(connectionId, 'refused').catch(() => {});
  }

  #track(connectionId: string, work: Promise<string>): Promise<string> {
    const next: Promise<string> = work.finally(() => {
      if (this.#inFlight.get(connectionId) === next) this.#inFlight.delete(connectionId);
    });
    this.#inFlight.set(connectionId, next);
    return next;
  }

  /** The connection and its tokens; a connection that cannot publish throws ConnectionNeedsReconnectError. */
  async #load(id: string): Promise<{ record: ConnectionRecord; tokens: TokenSet }> {
    const { store } = this.deps;
    const record = await store.get(id);
    if (record === null || record.state !== 'connected') throw new ConnectionNeedsReconnectError(id);
    let tokens;
    try {
      tokens = await store.readTokens(id);
    } catch (error) {
      if (error instanceof ConnectionNeedsReconnectError) await this.deps.onNeedsReconnect(id);
      throw error;
    }
    return { record, tokens };
  }

  async #renew(id: string, rejectedToken: string): Promise<string> {
    const { registry } = this.deps;
    const { record, tokens } = await this.#load(id);
    if (tokens.accessToken !== rejectedToken) return tokens.accessToken;
    if (tokens.refreshToken === null) return this.#needsReconnect(id, 'refused');
    const backoff = this.#backoff.get(id);
    if (backoff && this.deps.clock.now() < backoff.retryAt) throw new RefreshUnavailableError(id, backoff.retryAt);
    return this.#refresh(id, record, tokens, tokens.refreshToken, registry[record.platform], false);
  }

  /** Forgets the backoff of a connection (after a reconnect or disconnect). */
  reset(connectionId: string): void {
    this.#backoff.delete(connectionId);
  }

  async #resolve(id: string): Promise<string> {
    const { registry, clock } = this.deps;
    const { record, tokens } = await this.#load(id);
    const provider = registry[record.platform];
    const now = clock.now();
    const expiresAt = record.accessExpiresAt;
    if (expiresAt === null || now < expiresAt - provider.refreshAheadMs) return tokens.accessToken;
    const stillValid = now < expiresAt;

    if (tokens.refreshToken === null) {
      // Meta and LinkedIn: nothing to renew with. Usable until the end, then a new sign-in.
      if (stillValid) return tokens.accessToken;
      return this.#needsReconnect(id, 'expired');
    }

    const backoff = this.#backoff.get(id);
    if (backoff && now < backoff.retryAt) {
      if (stillValid) return tokens.accessToken;
      throw new RefreshUnavailableError(id, backoff.retryAt);
    }
    return this.#refresh(id, record, tokens, tokens.refreshToken, provider, stillValid);
  }

  /** One refresh request; `stillValid`: the current token may be handed out if the provider cannot be reached. */
  async #refresh(
    id: string,
    record: ConnectionRecord,
    tokens: TokenSet,
    refreshToken: string,
    provider: ProviderRegistry[Platform],
    stillValid: boolean,
  ): Promise<string> {
    const { store, clock } = this.deps;
    const backoff = this.#backoff.get(id);
    let response;
    try {
      response = await this.deps.tokens.refresh(provider, refreshToken);
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      if (error.kind === 'invalid_grant') return this.#needsReconnect(id, 'revoked');
      if (error.kind === 'rejected') return this.#needsReconnect(id, 'refused');
      const failures = (backoff?.failures ?? 0) + 1;
      const retryAt = clock.now() + Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 1));
      this.#backoff.set(id, { failures, retryAt });
      this.deps.logger.warn('Could not renew a sign-in; will retry', { platform: record.platform, failures, status: error.status });
      if (stillValid) return tokens.accessToken;
      throw new RefreshUnavailableError(id, retryAt);
    }

    // Commit first (the rotated refresh token must survive a crash), then hand the token out.
    await store.replaceTokens(
      id,
      {
        ...tokens,
        accessToken: response.accessToken,
        refreshToken: response.refreshToken ?? tokens.refreshToken,
        scope: response.scope ?? tokens.scope,
      },
      response.accessExpiresAt,
      response.refreshExpiresAt ?? record.refreshExpiresAt,
    );
    this.#backoff.delete(id);
    this.deps.logger.info('Renewed a sign-in', { platform: record.platform });
    return response.accessToken;
  }

  async #needsReconnect(id: string, reason: ReconnectReason): Promise<never> {
    const changed = await this.deps.store.markNeedsReconnect(id, reason);
    this.#backoff.delete(id);
    if (changed) {
      this.deps.logger.warn('A connection needs the owner to reconnect', { reason });
      await this.deps.onNeedsReconnect(id);
    }
    throw new ConnectionNeedsReconnectError(id);
  }
}
