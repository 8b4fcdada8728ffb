import type { Database } from '../db/schema';
import type { Domain } from '../domain';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Timers } from '../ports/timers';
import { WakeTimer } from '../ports/wake-timer';
import { HEARTBEAT_MS, type RunningSpan } from './likely-asleep';

const KEY = 'running.record';
/** Long enough for "the last three days" at any hour, with a day to spare. */
const KEEP_MS = 5 * 24 * 60 * 60 * 1000;
/** A computer that sleeps and wakes every few minutes would otherwise grow the row without end. */
const MAX_SPANS = 400;
/**
 * A beat this much later than the last one means the app was not running in between (asleep:
 * the timers do not count time asleep; or closed): a new span starts.
 */
const GAP_MS = 2 * HEARTBEAT_MS;

/**
 * The core's own record of when it was running, for "likely asleep": a list of spans kept in one
 * `settings` row, extended by a heartbeat every five minutes on the Timers port (and at every
 * wake), and trimmed to the last five days. It travels with the database (a restore brings the
 * backup's record, which is still this computer's).
 */
export class RunningRecord {
  readonly #timer: WakeTimer;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    timers: Timers,
    private readonly logger: Logger,
  ) {
    this.#timer = new WakeTimer(timers, () => this.beat());
  }

  /** Notes "running now" and keeps noting it every five minutes until `close`. */
  start(): void {
    this.beat();
  }

  /** Notes "running now": extends the current span, or starts one after a gap. */
  beat(): void {
    if (this.#closed) return;
    this.#timer.set(HEARTBEAT_MS);
    const now = this.clock.now();
    this.#writing = this.#writing
      .then(async () => this.#save(extend(await this.spans(), now), now))
      .catch((error: unknown) => this.logger.warn('Could not note that AgencyIQ is running', { error: error instanceof Error ? error.message : String(error) }));
  }

  /** Oldest first. */
  async spans(): Promise<RunningSpan[]> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    return row === undefined ? [] : parseSpans(row.value);
  }

  /** Stops the heartbeat; resolves once the last note is written. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#timer.clear();
    await this.#writing;
  }

  async #save(spans: RunningSpan[], now: number): Promise<void> {
    const value = JSON.stringify(spans.map((span) => [span.from, span.to]));
    await this.db
      .insertInto('settings')
      .values({ key: KEY, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
}

/** The record after a beat at `now`: the last span extended, or a new one after a gap (or a clock set back). */
export function extend(spans: readonly RunningSpan[], now: number): RunningSpan[] {
  const kept = spans.filter((span) => span.to >= now - KEEP_MS);
  const last = kept.at(-1);
  if (last !== undefined && now >= last.to && now - last.to <= GAP_MS) kept[kept.length - 1] = { from: last.from, to: now };
  else kept.push({ from: now, to: now });
  return kept.slice(-MAX_SPANS);
}

/** A row that does not read (hand edit, older build) is an empty record: nothing is claimed from it. */
function parseSpans(value: string): RunningSpan[] {
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((pair): pair is [number, number] => Array.isArray(pair) && Number.isInteger(pair[0]) && Number.isInteger(pair[1]) && pair[0] <= pair[1])
      .map(([from, to]) => ({ from, to }));
  } catch {
    return [];
  }
}

/** The running record as a domain of the core: it starts beating with the others and stops with them. */
export function openRunningRecord(deps: { db: Database; clock: Clock; timers: Timers; logger: Logger }): Domain<Record<never, never>> & { record: RunningRecord } {
  const record = new RunningRecord(deps.db, deps.clock, deps.timers, deps.logger);
  return { record, handlers: {}, start: () => record.start(), close: () => record.close() };
}
