import type { Database } from '../db/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { TimerHandle, Timers } from '../ports/timers';
import type { LicenceClient } from './licence-client';
import { LicenceClientError } from './licence-client-error';

/** After a charge, the report waits this long, so a batch of posts goes in one round. */
const REPORT_DELAY_MS = 5_000;
/** Reports sent per round; the rest go in the next round (every sync starts one). */
const BATCH = 50;

/**
 * Tells the licence server about every committed charge (POST /v1/charges, signed with the
 * device key, idempotent by post id), so that the server's count per cycle — carried back in
 * every lease — survives a local ledger that was wiped. Reported charges are remembered in
 * `reported_charges`. Offline nothing is lost: the reports wait for the next round.
 */
export class ChargeReporter {
  #timer: TimerHandle | null = null;
  #running: Promise<void> | null = null;
  #closed = false;

  constructor(private readonly deps: { db: Database; client: LicenceClient; clock: Clock; timers: Timers; logger: Logger }) {}

  /** Reports in a few seconds (once, however many charges arrive meanwhile). */
  soon(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#timer = this.deps.timers.setTimeout(() => {
      this.#timer = null;
      void this.reportNow();
    }, REPORT_DELAY_MS);
  }

  /** Reports what is pending now (single-flight); never throws. */
  reportNow(): Promise<void> {
    this.#running ??= this.round()
      .catch((error: unknown) => this.deps.logger.warn('Reporting charges failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  /** Stops the timer; resolves once a round in flight has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) this.deps.timers.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  private async round(): Promise<void> {
    const { db } = this.deps;
    const pending = await db
      .selectFrom('quota_ledger')
      .select(['post_id', 'cycle_start'])
      .where('entry', '=', 'commit')
      .where('post_id', 'not in', db.selectFrom('reported_charges').select('post_id'))
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const charge of pending) {
      if (this.#closed) return;
      try {
        await this.deps.client.reportCharge(charge.post_id, charge.cycle_start);
      } catch (error) {
        // Offline or the server is down: try again next round. A refusal is the server's final
        // word on this report (no plan, not a cycle of it): it is not sent again.
        if (!(error instanceof LicenceClientError) || error.kind !== 'refused' || error.code === 'rate_limited') throw error;
        this.deps.logger.info('The licence server did not count a charge', { code: error.code });
      }
      await db.insertInto('reported_charges').values({ post_id: charge.post_id, reported_at: this.deps.clock.now() }).onConflict((oc) => oc.doNothing()).execute();
    }
  }
}
