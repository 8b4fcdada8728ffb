import crypto from 'node:crypto';
import type { LicenceStatus } from '@shared/ipc/licence-channels';
import { LEASE_PAYLOAD_VERSION, serverPostCount, type LeasePayload } from '@shared/licence/lease-format';
import type { LeaseRequest } from '@shared/licence/licence-api';
import type { PlanId } from '@shared/licence/plans';
import type { Database } from '../db/schema';
import { CoreError } from '../errors';
import type { LicenceReturnOutcome } from '../deep-links/deep-link-action';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { repeatEvery } from '../ports/repeat-every';
import type { TimerHandle, Timers } from '../ports/timers';
import { cycleAt, readAllowance } from './allowance';
import { postsPerCycleAfterKnownUsage, readSpokenFor, withKnownUsage } from './usage-floor';
import { isFreshLease } from './lease-freshness';
import type { DeviceIdentity, DeviceIdentityStore } from './device-identity-store';
import type { LicenceClient, ServerAnswer } from './licence-client';
import { LicenceClientError } from './licence-client-error';
import type { LicenceConfig } from './licence-config';
import { licenceState } from './licence-state';
import type { LicenceStore, StoredLicenceReading } from './licence-store';
import { ChargeReporter } from './charge-reporter';
import { checkLeaseNow, LEASE_REFUSAL_MESSAGES, readSignedLease, type LeaseVerification, type SignedLeaseReading } from './verify-lease';

/** The row may be relied on: its MAC holds and no replay was seen since the last fresh lease. */
const isTrusted = (stored: StoredLicenceReading) => stored.sealed && !stored.needsCheck;
/** The sealed usage floor for the cycle starting `cycleStart` (0 for another cycle). */
const usageFloorIn = (stored: StoredLicenceReading, cycleStart: number) => (stored.usageFloorCycle === cycleStart ? stored.usageFloor : 0);
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
  timers: Timers;
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
  #renewals: { stop(): void } | null = null;
  readonly #retryTimers = new Set<TimerHandle>();
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
  readonly #charges: ChargeReporter;

  constructor(options: LicenceSyncOptions) {
    this.#o = options;
    this.#identityReset = options.identity.replacedUnreadable;
    this.#charges = new ChargeReporter({ db: options.db, client: options.client, clock: options.clock, timers: options.timers, logger: options.logger });
  }

  /** Syncs now (in the background) and then every SYNC_INTERVAL_MS until `close`. */
  start(): void {
    void this.sync('start').catch(() => {});
    this.#renewals = repeatEvery(this.#o.timers, SYNC_INTERVAL_MS, () => void this.sync('timer').catch(() => {}));
  }

  /** Stops the timers; resolves once a sync in flight has finished (it writes nothing more). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#renewals?.stop();
    this.#renewals = null;
    for (const timer of this.#retryTimers) this.#o.timers.clearTimeout(timer);
    this.#retryTimers.clear();
    await this.#syncing?.catch(() => {});
    await this.#charges.close();
  }

  /** The status from what is stored, verified now; no network. */
  async status(): Promise<LicenceStatus> {
    const stored = await this.#o.store.read();
    const now = this.#o.clock.now() + stored.clockOffset;
    const trusted = isTrusted(stored);
    const verification = stored.lease === null ? null : this.verify(stored.lease, now, stored.clockHighWater);
    let allowance = null;
    const changes: Parameters<LicenceStore['write']>[0] = {};
    if (trusted && verification?.ok) {
      const local = await readAllowance(this.#o.db, verification.payload, now);
      const floor = usageFloorIn(stored, local.cycle.start);
      allowance = withKnownUsage(local, Math.max(floor, serverPostCount(verification.payload, local.cycle.start)));
      // The sealed floor follows the ledger up, never down: deleting ledger rows gives nothing back.
      if (local.used > floor) Object.assign(changes, { usageFloorCycle: local.cycle.start, usageFloor: local.used });
    }
    const rolledBack = verification !== null && !verification.ok && verification.reason === 'clock_rolled_back';
    if (trusted && !rolledBack && now > stored.clockHighWater + HIGH_WATER_STEP_MS) changes.clockHighWater = now;
    if (Object.keys(changes).length > 0) await this.#o.store.write(changes);
    return licenceState({
      now,
      verification,
      allowance,
      stateTrusted: trusted,
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
   * plan, lapsed, expired, clock turned back, licence row edited or a replay seen: check with
   * the server). A lease in grace (past due, offline) verifies. Its posts per cycle are reduced
   * by posts known to be used that the local ledger does not show (usage-floor.ts).
   */
  async verifiedLease(): Promise<{ payload: LeasePayload; now: number } | null> {
    const stored = await this.#o.store.read();
    if (stored.lease === null || !isTrusted(stored)) return null;
    const now = this.#o.clock.now() + stored.clockOffset;
    const verification = this.verify(stored.lease, now, stored.clockHighWater);
    if (!verification.ok) return null;
    const payload = verification.payload;
    const cycle = cycleAt(payload, now);
    const known = Math.max(usageFloorIn(stored, cycle.start), serverPostCount(payload, cycle.start));
    if (known === 0) return { payload, now };
    const postsPerCycle = postsPerCycleAfterKnownUsage(payload.postsPerCycle, await readSpokenFor(this.#o.db, cycle), known);
    return { payload: { ...payload, postsPerCycle }, now };
  }

  /** The publishing engine charged or released a post: announce, and tell the server soon. */
  ledgerChanged(): void {
    void this.announce().catch(() => {});
    this.#charges.soon();
  }

  /** Renews the lease with the server (single-flight) and announces the result. */
  sync(reason: 'start' | 'timer' | 'deep-link' | 'owner' | 'checkout-retry' = 'owner'): Promise<LicenceStatus> {
    this.#syncing ??= (async () => {
      try {
        const ticket = this.#nextTicket++;
        try {
          // Charges first, so that the lease carries the server's count including them.
          await this.#charges.reportNow();
          const request = await this.leaseRequest();
          const answer = await this.#o.client.lease(request);
          if (this.#closed) return await this.status();
          await this.applyLeaseAnswer(answer, ticket, request.nonce ?? null);
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
    const request = await this.leaseRequest();
    await this.applyLeaseAnswer(await this.#o.client.activate(licenceKey, request), ticket, request.nonce ?? null);
    this.#syncProblem = null;
    return this.announce();
  }

  /**
   * Always the newest lease version; with a fresh nonce whenever there is no trusted record to
   * compare the answer with (see lease-freshness.ts).
   */
  private async leaseRequest(): Promise<LeaseRequest> {
    const stored = await this.#o.store.read();
    const needsProof = stored.lease === null || !isTrusted(stored);
    return needsProof ? { leaseVersion: LEASE_PAYLOAD_VERSION, nonce: crypto.randomBytes(24).toString('base64url') } : { leaseVersion: LEASE_PAYLOAD_VERSION };
  }

  /**
   * Takes the server's answer to a lease or activation request: stores a lease that verifies
   * and is fresh, or the refusal. Throws `LicenceClientError('bad_response')` for a lease that
   * does not verify, and for one that is not fresh (a replay: the row is then marked "check with
   * the server" and publishing waits for a fresh lease).
   * An answer to a request sent before the last one applied is dropped: a renewal that left
   * before an activation must not overwrite the activation's lease with its older "none".
   */
  private async applyLeaseAnswer(answer: ServerAnswer<LeaseResponse>, ticket: number, nonce: string | null): Promise<void> {
    if (ticket < this.#appliedTicket) return;
    this.#appliedTicket = ticket;
    const stored = await this.#o.store.read();
    const localNow = this.#o.clock.now();
    const value = answer.value;

    if (value.status === 'active' || value.status === 'past_due') {
      const reading = readSignedLease(value.lease, this.#o.config.publicKey);
      if (!reading.ok) return this.refuseLease(reading.reason);
      const held = stored.lease === null ? null : readSignedLease(stored.lease, this.#o.config.publicKey);
      const fresh = isFreshLease({
        payload: reading.payload,
        nonce,
        heldIssuedAt: held?.ok ? held.payload.issuedAt : null,
        clockHighWater: stored.clockHighWater,
      });
      if (!fresh) {
        await this.#o.store.write({ needsCheck: true });
        this.#o.logger.warn('The licence server answered with a lease from the past; publishing waits for a fresh one');
        throw new LicenceClientError('bad_response', { detail: 'lease refused: not fresh (a replay?)' });
      }
      // The server's signed clock is the authority: from now on "now" is this computer's clock
      // plus the measured offset. The high-water mark never moves back.
      const signedNow = reading.payload.issuedAt;
      const clockHighWater = Math.max(stored.clockHighWater, signedNow);
      const verification = checkLeaseNow(reading, { deviceKeyHash: this.#o.identity.keyHash, now: signedNow, clockHighWater });
      if (!verification.ok) return this.refuseLease(verification.reason);
      const cycleStart = cycleAt(reading.payload, signedNow).start;
      // A floor from an unsealed row is not kept; the ledger and the server's count rebuild it.
      const floor = stored.sealed ? usageFloorIn(stored, cycleStart) : 0;
      await this.#o.store.write(
        {
          lease: value.lease,
          licenceKey: value.licenceKey,
          serverStatus: value.status,
          serverMessage: null,
          lastSyncAt: signedNow,
          clockOffset: signedNow - localNow,
          clockHighWater,
          needsCheck: false,
          usageFloorCycle: cycleStart,
          usageFloor: Math.max(floor, serverPostCount(reading.payload, cycleStart)),
        },
        { reseal: true },
      );
      this.#checkout = null;
      if (this.#identityReset) {
        this.#identityReset = false;
        await this.#o.identityStore.acknowledgeReplacement();
      }
      return;
    }
    // A refusal carries no signed time: the clock state stays as it is (it can only take rights away).
    await this.#o.store.write({
      lease: null,
      lastSyncAt: localNow + stored.clockOffset,
      serverStatus: value.status,
      serverMessage: 'message' in value ? value.message : null,
    });
  }

  private refuseLease(reason: string): never {
    this.#o.logger.warn('The licence server sent a lease that does not verify', { reason });
    throw new LicenceClientError('bad_response', { detail: `lease refused: ${reason}` });
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
    const timer = this.#o.timers.setTimeout(() => {
      this.#retryTimers.delete(timer);
      this.sync('checkout-retry').then(
        (status) => {
          if (status.state === 'none') this.retryUntilProvisioned(attempt + 1);
        },
        () => {},
      );
    }, delay);
    this.#retryTimers.add(timer);
  }

  private async recordFailure(error: unknown, reason: string, ticket: number): Promise<void> {
    if (error instanceof LicenceClientError) {
      // Refusals that are the server's final word about this device are stored like answers.
      if (error.kind === 'refused' && (error.code === 'device_deactivated' || error.code === 'licence_lapsed')) {
        await this.applyLeaseAnswer(
          { value: { status: error.code === 'device_deactivated' ? 'deactivated' : 'lapsed', message: error.message } },
          ticket,
          null,
        );
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
