import type { Generated } from 'kysely';

/** Instants are epoch milliseconds (BIGINT); Stripe's `created` seconds are kept as seconds. */
export interface DevicesTable {
  id: string;
  /** Raw 32-byte Ed25519 public key, base64url. */
  public_key: string;
  /** Lower-case hex SHA-256 of the raw public key, as written into leases. */
  key_hash: string;
  name: string;
  os: string;
  created_at: number;
  last_seen_at: number | null;
  /** The licence this device holds (or held, when `deactivated_at` is set). */
  licence_id: string | null;
  activated_at: number | null;
  /** Set when the device was removed from its licence; its next renewal is refused. */
  deactivated_at: number | null;
}

export interface NoncesTable {
  nonce: string;
  public_key: string;
  expires_at: number;
}

/** A checkout a device started: Stripe's client_reference_id is this row's id. */
export interface CheckoutsTable {
  id: string;
  device_id: string;
  plan: string;
  stripe_session_id: string | null;
  created_at: number;
  completed_at: number | null;
  licence_id: string | null;
}

/**
 * One Stripe subscription turned into a licence. Two groups of fields follow two per-subscription
 * event orders, each kept as (created, rank, event id) of the event that last set it:
 * `sub_*` for what only subscription objects carry (plan, cycle anchor), `status_*` for the
 * status that subscription and invoice events both move.
 */
export interface LicencesTable {
  id: string;
  licence_key: string;
  stripe_subscription_id: string;
  stripe_customer_id: string | null;
  checkout_session_id: string | null;
  plan: string | null;
  /** pending | active | past_due | lapsed | canceled (final: the subscription was deleted) */
  status: string;
  grace_until: number | null;
  /** The failed invoice the grace is counted from (a past_due subscription's latest invoice). */
  grace_invoice_id: string | null;
  /** Where the quota cycle is counted from when Stripe has not yet said the billing period (the checkout). */
  cycle_anchor: number | null;
  /** The subscription's current billing period from Stripe (its item's current_period_start/end), ms. */
  cycle_start: number | null;
  cycle_end: number | null;
  created_at: number;
  updated_at: number;
  status_event_created: number | null;
  status_event_rank: number | null;
  status_event_id: string | null;
  sub_event_created: number | null;
  sub_event_rank: number | null;
  sub_event_id: string | null;
}

/** One post charged on a licence, as a device reported it (idempotent by post id). */
export interface PostChargesTable {
  licence_id: string;
  post_id: string;
  cycle_start: number;
  device_id: string;
  reported_at: number;
}

/** Per licence: the newest cycle a device reported a charge in, and the posts counted in it. */
export interface LicencePostCountsTable {
  licence_id: string;
  cycle_start: number;
  posts: number;
}

/** Every Stripe event received, stored in the same transaction as its effect. */
export interface StripeEventsTable {
  id: string;
  type: string;
  created: number;
  received_at: number;
  /** Set when the event was signed but could not be applied (not an event, or fields of the wrong shape): why. */
  unusable_reason: string | null;
}

export interface LicenceDatabase {
  devices: DevicesTable;
  nonces: NoncesTable;
  checkouts: CheckoutsTable;
  licences: LicencesTable;
  stripe_events: StripeEventsTable;
  post_charges: PostChargesTable;
  licence_post_counts: LicencePostCountsTable;
  kysely_migration?: { name: string; timestamp: string; _?: Generated<number> };
}
