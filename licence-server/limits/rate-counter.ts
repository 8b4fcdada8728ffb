import type { Kysely, Migration } from 'kysely';

/**
 * Fixed-window request counters kept in the database, so every instance of the server behind a
 * load balancer counts against the same limit (one PostgreSQL, or the one SQLite file). A row per
 * (purpose, subject, window): one upsert answers "how many so far in this window", atomically.
 */
export interface RateCounterTables {
  rate_counters: { key: string; window_start: number; hits: number };
}

export const rateCounterMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('rate_counters')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rate_counters_window').on('rate_counters').column('window_start').execute();
  },
};

/** A limit: at most `max` hits per `windowMs` for one subject. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** What a hit was told: allowed, or refused with the seconds until the window turns. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Old windows are swept about this often per process (a range delete on the window index). */
const SWEEP_EVERY_MS = 60_000;

export class RateCounter {
  #nextSweep = 0;

  constructor(private readonly db: Kysely<RateCounterTables>) {}

  /** Counts one hit for `subject` under `purpose` and says whether it is within `limit`. */
  async hit(purpose: string, subject: string, limit: RateLimit, now: number): Promise<RateDecision> {
    const windowStart = now - (now % limit.windowMs);
    if (now >= this.#nextSweep) {
      this.#nextSweep = now + SWEEP_EVERY_MS;
      // Any purpose's window is at most a day; older rows count for nothing.
      await this.db.deleteFrom('rate_counters').where('window_start', '<', now - 24 * 60 * 60 * 1000).execute();
    }
    const row = await this.db
      .insertInto('rate_counters')
      .values({ key: `${purpose}|${subject}|${windowStart}`, window_start: windowStart, hits: 1 })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ hits: eb('rate_counters.hits', '+', 1) })))
      .returning('hits')
      .executeTakeFirstOrThrow();
    if (Number(row.hits) <= limit.max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000)) };
  }
}
