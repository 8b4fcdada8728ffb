import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { LicenceServerConfig } from '../config';
import type { LicenceDbKind } from '../db/open-licence-db';
import type { LicenceDatabase } from '../db/schema';
import type { IdSource } from '../ids';

/** What an event handler may use: the open transaction and the server's ports. */
export interface WebhookContext {
  trx: Kysely<LicenceDatabase>;
  kind: LicenceDbKind;
  config: Pick<LicenceServerConfig, 'priceIds' | 'pastDueGraceDays'>;
  now: number;
  ids: IdSource;
  log: FastifyBaseLogger;
}

/** What an event did, for the log. */
export type EventOutcome = 'applied' | 'stale' | 'ignored';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The id behind an expandable Stripe field (a string, or the object when expanded). */
export function stripeId(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}
