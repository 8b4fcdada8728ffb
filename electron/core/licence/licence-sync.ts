import type { LicenceStatus } from '@shared/ipc/licence-channels';
import type { LeasePayload } from '@shared/licence/lease-format';
import type { PlanId } from '@shared/licence/plans';
import type { Database } from '../db/schema';
import { CoreError } from '../errors';
import type { LicenceReturnOutcome } from '../deep-links/deep-link-action';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { readAllowance } from '../quota/allowance';
import type { DeviceIdentity, DeviceIdentityStore } from './device-identity-store';
import type { LicenceClient, ServerAnswer } from './licence-client';
import { LicenceClientError } from './licence-client-error';
import type { LicenceConfig } from './licence-config';
import { licenceState } from './licence-state';
import type { LicenceStore } from './licence-store';
import { checkLeaseNow, LEASE_REFUSAL_MESSAGES, readSignedLease, type LeaseVerification, type SignedLeaseReading } from './verify-lease';
import type { LeaseResponse } from './lease-response';

/** How often the lease is renewed while the app runs; well inside its 7-day life. */
export const SYNC_INTERVAL_MS = 4 * 60 * 60 * 1000;
/**
 * The high-water mark is raised on reads only in steps this big, so that looking at the status
 * does not write to the database every time (and a rollback smaller than this plus the
 * tolerance goes unnoticed, which gains nobody anything).
 */
export const HIGH_WATER_STEP_MS = 10 * 60 * 1000;
/**
 * After the browser says "paid", the webhook that provisions the licence may still be on its
 * way: check again after these delays until the plan shows up.
 */
export const CHECKOUT_RETRY_DELAYS_MS: readonly number[] = [2_000, 5_000, 10_000, 30_000, 60_000];

export interface LicenceSyncOptions {
  db: Database;
  store: LicenceStore;
  identity: DeviceIdentity;
  identityStore: DeviceIdentityStore;
  client: LicenceClient;
  config: LicenceConfig;
  clock: Clock;
  logger: Logger;
  events: EventSink;
  checkoutRetryDelaysMs?: readonly number[];
}

/**
 * Keeps this device's lease fresh and says what the owner's plan allows. It renews on start,
 * every few hours, when the browser comes back from Stripe (deep link) and when asked; stores
 * the lease; and announces every change as `licence.changed`. Network trouble is recorded as
 * a plain-words `syncProblem`, never thrown at the caller of `sync`.
 */
export class LicenceSync {
  readonly #o: LicenceSyncOptions;
  #syncing: Promise<LicenceStatus> | null = null;
  #syncProblem: string | null = null;
  #checkout: LicenceStatus['checkout'] = null;
  #identityReset: boolean;
  #interval: ReturnType<typeof setInterval> | null = null;
  readonly #retryTimers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;
  /** Each request to the server takes a ticket when it is sent; see `applyLeaseAnswer`. */
  #nextTicket = 1;
  #appliedTicket = 0;
  /**
   * The signature check of the last lease text seen (an Ed25519 verify per publish was a tenth
   * of the engine's time). Keyed by the exact text, and the key never changes for this instance,
   * so it cannot go stale; device and time are still checked on every call.
   */
  #lastSigned: { lease: string; reading: SignedLeaseReading } | null = null;

  constructor(options: LicenceSyncOptions) {
    this.#o = options;
    this.#identityReset = options.identity.replacedUnreadable;
  }

  /** Syncs now (in the background) and then every SYNC_INTERVAL_MS until `close`. */
  start(): void {
    void this.sync('start').catch(() => {});
    this.#interval = setInterval(() => void this.sync('timer').catch(() => {}), SYNC_INTERVAL_MS);
    this.#interval.unref();
  }

  /** Stops the timers; resolves once a sync in flight has finished (it writes nothing more). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#interval !== null) clearInterval(this.#interval);
    this.#interval = null;
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    await this.#syncing?.catch(() => {});
  }

  /** The status from what is stored, verified now; no network. */
  async status(): Promise<LicenceStatus> {
    const stored = await this.#o.store.read();
    const now = this.#o.clock.now() + stored.clockOffset;
    const verification = stored.lease === null ? null : this.verify(stored.lease, now, stored.clockHighWater);
    const allowance = verification?.ok ? await readAllowance(this.#o.db, verification.payload, now) : null;
    const rolledBack = verification !== null && !verification.ok && verification.reason === 'clock_rolled_back';
    if (!rolledBack && now > stored.clockHighWater + HIGH_WATER_STEP_MS) {
      await this.#o.store.write({ clockHighWater: now });
    }
    return licenceState({
      now,
      verification,
      allowance,
      serverStatus: stored.serverStatus,
      serverMessage: stored.serverMessage,
      lastSyncAt: stored.lastSyncAt,
      syncProblem: this.#syncProblem,
      licenceKey: stored.licenceKey,
      checkout: this.#checkout,
      identityReset: this.#identityReset,
    });
  }

  /**
   * The lease that lets this device publish now, verified offline (signature, device, time),
   * with the trusted `now` its quota cycle is counted at; null when publishing must wait (no
   * plan, lapsed, expired, clock turned back). A lease in grace (past due, offline) verifies.
   */
  async verifiedLease(): Promise<{ payload: LeasePayload; now: number } | null> {
    const stored = await this.#o.store.read();
    if (stored.lease === null) return null;
    const now = this.#o.clock.now() + stored.clockOffset;
    const verification = this.verify(stored.lease, now, stored.clockHighWater);
    return verification.ok ? { payload: verification.payload, now } : null;
  }

  /** Renews the lease with the server (single-flight) and announces the result. */
  sync(reason: 'start' | 'timer' | 'deep-link' | 'owner' | 'checkout-retry' = 'owner'): Promise<LicenceStatus> {
    this.#syncing ??= (async () => {
      try {
        const ticket = this.#nextTicket++;
        try {
          const answer = await this.#o.client.lease();
          if (this.#closed) return await this.status();
          await this.applyLeaseAnswer(answer, ticket);
          this.#syncProblem = null;
        } catch (error) {
          if (this.#closed) throw error;
          await this.recordFailure(error, reason, ticket);
        }
        return await this.announce();
      } finally {
        this.#syncing = null;
      }
    })();
    return this.#syncing;
  }

  /** Adds this computer to the licence the key names and stores the lease it gets. */
  async activate(licenceKey: string): Promise<LicenceStatus> {
    const ticket = this.#nextTicket++;
    await this.applyLeaseAnswer(await this.#o.client.activate(licenceKey), ticket);
    this.#syncProblem = null;
    return this.announce();
  }

  /**
   * Takes the server's answer to a lease or activation request: stores a lease that verifies,
   * or the refusal. Throws `LicenceClientError('bad_response')` for a lease that does not verify.
   * An answer to a request sent before the last one applied is dropped: a renewal that left
   * before an activation must not overwrite the activation's lease with its older "none".
   */
  private async applyLeaseAnswer(answer: ServerAnswer<LeaseResponse>, ticket: number): Promise<void> {
    if (ticket < this.#appliedTicket) return;
    this.#appliedTicket = ticket;
    // The server's clock is the authority: from now on "now" is this computer's clock plus the
    // measured offset, and the high-water mark restarts at the server's time. That is what lets
    // a successful check clear a clock-turned-back state (and a mark pushed into the future by
    // a clock once set ahead), while a clock turned back offline stays caught.
    const localNow = this.#o.clock.now();
    const serverNow = answer.serverTime ?? localNow;
    const offset = serverNow - localNow;
    const value = answer.value;
    const common = { lastSyncAt: serverNow, clockOffset: offset, clockHighWater: serverNow };

    if (value.status === 'active' || value.status === 'past_due') {
      const verification = this.verify(value.lease, serverNow, serverNow);
      if (!verification.ok) {
        this.#o.logger.warn('The licence server sent a lease that does not verify', { reason: verification.reason });
        throw new LicenceClientError('bad_response', { detail: `lease refused: ${verification.reason}` });
      }
      await this.#o.store.write({
        ...common,
        clockHighWater: Math.max(serverNow, verification.payload.issuedAt),
        lease: value.lease,
        licenceKey: value.licenceKey,
        serverStatus: value.status,
        serverMessage: null,
      });
      this.#checkout = null;
      if (this.#identityReset) {
        this.#identityReset = false;
        await this.#o.identityStore.acknowledgeReplacement();
      }
      return;
    }
    await this.#o.store.write({
      ...common,
      lease: null,
      serverStatus: value.status,
      serverMessage: 'message' in value ? value.message : null,
    });
  }

  /** Opens Stripe Checkout for `plan` through `open` and remembers that the owner is paying. */
  async startCheckout(plan: PlanId, open: (url: string) => Promise<boolean>): Promise<LicenceStatus> {
    const { value } = await this.#o.client.checkout(plan);
    if (!(await open(value.url))) {
      throw new CoreError('unavailable', 'AgencyIQ could not open your browser for the payment page. Please try again.');
    }
    this.#checkout = { plan, state: 'waiting' };
    return this.announce();
  }

  async cancelCheckout(): Promise<LicenceStatus> {
    this.#checkout = null;
    return this.announce();
  }

  /** `agencyiq://licence/<outcome>`: the browser is back from Stripe. */
  async onLicenceReturn(outcome: LicenceReturnOutcome): Promise<void> {
    if (outcome === 'cancelled') {
      if (this.#checkout !== null) this.#checkout = { ...this.#checkout, state: 'cancelled' };
      await this.announce();
      return;
    }
    const status = await this.sync('deep-link');
    if (outcome === 'success' && status.state === 'none') this.retryUntilProvisioned(0);
  }

  /** The status, announced to every window. */
  async announce(): Promise<LicenceStatus> {
    const status = await this.status();
    if (!this.#closed) this.#o.events.emit('licence.changed', status);
    return status;
  }

  private retryUntilProvisioned(attempt: number): void {
    const delay = (this.#o.checkoutRetryDelaysMs ?? CHECKOUT_RETRY_DELAYS_MS)[attempt];
    if (delay === undefined || this.#closed) return;
    const timer = setTimeout(() => {
      this.#retryTimers.delete(timer);
      this.sync('checkout-retry').then(
        (status) => {
          if (status.state === 'none') this.retryUntilProvisioned(attempt + 1);
        },
        () => {},
      );
    }, delay);
    timer.unref();
    this.#retryTimers.add(timer);
  }

  private async recordFailure(error: unknown, reason: string, ticket: number): Promise<void> {
    if (error instanceof LicenceClientError) {
      // Refusals that are the server's final word about this device are stored like answers.
      if (error.kind === 'refused' && (error.code === 'device_deactivated' || error.code === 'licence_lapsed')) {
        await this.applyLeaseAnswer({
          value: { status: error.code === 'device_deactivated' ? 'deactivated' : 'lapsed', message: error.message },
          serverTime: null,
        }, ticket);
        this.#syncProblem = null;
        return;
      }
      this.#syncProblem = error.message;
      this.#o.logger.warn('Licence sync failed', { reason, kind: error.kind, code: error.code, status: error.status });
      return;
    }
    this.#syncProblem = 'AgencyIQ could not check your plan just now. Please try again.';
    this.#o.logger.error('Licence sync failed unexpectedly', { reason, error: error instanceof Error ? error.message : String(error) });
  }

  private verify(lease: string, now: number, clockHighWater: number): LeaseVerification {
    if (this.#lastSigned?.lease !== lease) this.#lastSigned = { lease, reading: readSignedLease(lease, this.#o.config.publicKey) };
    const verification = checkLeaseNow(this.#lastSigned.reading, { deviceKeyHash: this.#o.identity.keyHash, now, clockHighWater });
    if (!verification.ok && verification.reason !== 'expired') {
      this.#o.logger.debug('Stored lease refused', { reason: verification.reason, why: LEASE_REFUSAL_MESSAGES[verification.reason] });
    }
    return verification;
  }
}
