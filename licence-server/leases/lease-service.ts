import type { z } from 'zod';
import { addMonthsUtc, cycleAt, type CycleWindow } from '@shared/licence/billing-cycle';
import { LEASE_TTL_DAYS, PLAN_IDS, type PlanId, type PlanTerms } from '@shared/licence/plans';
import { LEASE_RESIGN_AFTER_MS, type LeasePayload } from '@shared/licence/lease-format';
import type { LeaseRequest, leaseResponseSchema } from '@shared/licence/licence-api';
import type { LicenceDb } from '../db/open-licence-db';
import { deviceStore, leaseRowReader, type DeviceLeaseRow } from '../db/device-store';
import { LicenceHttpError } from '../errors';
import type { LeaseSigner } from '../signing/lease-signer';
import type { LastSeenRecorder } from './last-seen-recorder';
import { coveredDeviceIds, seatsExceededMessage } from './seat-coverage';

export type LeaseResponse = z.infer<typeof leaseResponseSchema>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often per device. */
const TOUCH_EVERY_MS = 60 * 60 * 1000;
const CACHE_LIMIT = 200_000;

export const LEASE_MESSAGES = {
  lapsed: 'Your plan has ended, so publishing is paused. Your drafts are safe — choose a plan to publish again.',
  graceOver:
    'The payment for your plan did not go through and the grace period has ended, so publishing is paused. Update your payment details under Manage billing.',
  deactivated: 'This computer was removed from your plan on another device. Enter your licence key to use the plan here again.',
} as const;

interface CachedLease {
  /** The lease's inputs; any change (plan, status, grace, seat) makes the cache miss. */
  inputs: string;
  body: string;
  reissueAt: number;
}

const isPlan = (plan: string | null): plan is PlanId => plan !== null && (PLAN_IDS as readonly string[]).includes(plan);

/**
 * Renews a device's lease. The hot path is one indexed read and, most of the time, a cached
 * signed lease: Ed25519 signing happens once per device per day or when its licence changes.
 * Responses are kept as ready JSON strings.
 */
export class LeaseService {
  private readonly cache = new Map<string, CachedLease>();
  private readonly readRow: (deviceId: string) => Promise<DeviceLeaseRow | undefined>;

  constructor(
    private readonly deps: {
      db: LicenceDb;
      signer: LeaseSigner;
      plans: Readonly<Record<PlanId, PlanTerms>>;
      lastSeen: LastSeenRecorder;
    },
  ) {
    this.readRow = leaseRowReader(deps.db);
  }

  /** The JSON body of POST /v1/lease for this device at `now`, in the lease version it asked for. */
  async renewJson(deviceId: string, now: number, request: LeaseRequest = {}): Promise<string> {
    const row = await this.readRow(deviceId);
    if (!row) throw new LicenceHttpError('unauthenticated', 'This device is not known to the licence server. Sign in again.');
    const refusal = await this.beyondSeats(row);
    if (refusal !== null) return refusal;
    if (row.last_seen_at === null || now - row.last_seen_at > TOUCH_EVERY_MS) this.deps.lastSeen.mark(deviceId, now);
    return this.respond(row, now, request);
  }

  /**
   * After a change to a plan with fewer seats: the refusal for a device the plan no longer
   * covers, or null. Costs nothing more unless the licence has more seated devices than seats.
   * Such a device is not marked as seen, so it cannot overtake a covered one (seat-coverage.ts).
   */
  private async beyondSeats(row: DeviceLeaseRow): Promise<string | null> {
    if (row.licence_id === null || row.deactivated_at !== null || !isPlan(row.plan)) return null;
    if (row.status !== 'active' && row.status !== 'past_due') return null;
    const terms = this.deps.plans[row.plan];
    if (Number(row.seated ?? 0) <= terms.seats) return null;
    const seated = await deviceStore.listSeated(this.deps.db.db, row.licence_id);
    const covered = coveredDeviceIds(seated, terms.seats);
    if (covered.has(row.id)) return null;
    const names = seated.filter((device) => covered.has(device.id)).map((device) => device.name);
    return JSON.stringify({
      status: 'seats_exceeded',
      message: seatsExceededMessage(terms.label, terms.seats, names),
      seats: terms.seats,
    } satisfies LeaseResponse);
  }

  /**
   * The signed lease, from the cache while it is younger than LEASE_RESIGN_AFTER_MS (its
   * `issuedAt` is the signed time the app sets its clock by, so it must be fresh; signing every
   * renewal would cost an Ed25519 signature each). A request with a nonce is always signed anew.
   */
  private respond(row: DeviceLeaseRow, now: number, request: LeaseRequest): string {
    if (row.licence_id === null || row.status === null) return NONE;
    if (row.deactivated_at !== null) return refusal('deactivated', LEASE_MESSAGES.deactivated);
    if (row.status === 'lapsed' || row.status === 'canceled') return refusal('lapsed', LEASE_MESSAGES.lapsed);
    if (row.status === 'past_due' && (row.grace_until === null || now >= row.grace_until)) return refusal('lapsed', LEASE_MESSAGES.graceOver);
    if ((row.status !== 'active' && row.status !== 'past_due') || !isPlan(row.plan) || row.licence_key === null) return NONE;

    const cycle = billingCycle(row, now);
    const version = request.leaseVersion ?? 1;
    const counted = row.posts_cycle_start === null ? null : { cycleStart: Number(row.posts_cycle_start), posts: Number(row.posts_counted ?? 0) };
    const inputs = `${version}|${row.licence_id}|${row.plan}|${row.status}|${row.grace_until}|${cycle.start}|${cycle.end}|${row.activated_at}|${row.licence_key}|${counted?.cycleStart}|${counted?.posts}`;
    const cached = request.nonce === undefined ? this.cache.get(row.id) : undefined;
    if (cached && cached.inputs === inputs && now < cached.reissueAt) return cached.body;

    const terms = this.deps.plans[row.plan];
    const fields = {
      licenceId: row.licence_id,
      plan: row.plan,
      postsPerCycle: terms.postsPerCycle,
      cycleStart: cycle.start,
      cycleEnd: cycle.end,
      seats: terms.seats,
      deviceKeyHash: row.key_hash,
      issuedAt: now,
      expiresAt: now + LEASE_TTL_DAYS * DAY_MS,
      status: row.status,
      graceUntil: row.status === 'past_due' ? row.grace_until : null,
    } as const;
    const payload: LeasePayload = version === 2 ? { v: 2, ...fields, serverCount: counted, nonce: request.nonce ?? null } : { v: 1, ...fields };
    const lease = this.deps.signer.sign(payload);
    const body = JSON.stringify({ status: row.status, lease, licenceKey: row.licence_key } satisfies LeaseResponse);
    if (request.nonce !== undefined) return body;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(row.id, { inputs, body, reissueAt: now + LEASE_RESIGN_AFTER_MS });
    return body;
  }
}

/**
 * The quota cycle a lease carries at `now`: the subscription's billing period from Stripe's
 * last subscription event, rolled on by calendar months if `now` is already past it (Stripe's
 * renewal event not here yet). Before any subscription event (only the checkout so far), a
 * month from the checkout, as Stripe bills a new monthly subscription.
 */
export function billingCycle(row: Pick<DeviceLeaseRow, 'cycle_start' | 'cycle_end' | 'cycle_anchor' | 'activated_at'>, now: number): CycleWindow {
  if (row.cycle_start !== null && row.cycle_end !== null && row.cycle_end > row.cycle_start) {
    return cycleAt({ cycleStart: Number(row.cycle_start), cycleEnd: Number(row.cycle_end) }, now);
  }
  const anchor = Number(row.cycle_anchor ?? row.activated_at ?? now);
  return cycleAt({ cycleStart: anchor, cycleEnd: addMonthsUtc(anchor, 1) }, now);
}

const NONE = JSON.stringify({ status: 'none' } satisfies LeaseResponse);
const refusal = (status: 'lapsed' | 'deactivated', message: string) => JSON.stringify({ status, message } satisfies LeaseResponse);
