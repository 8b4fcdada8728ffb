import type { Platform } from '@shared/domain/platform';
import type { Database } from '../db/schema';
import { RefreshUnavailableError } from '../connections/refresh-manager';
import type { RateLimitWindow } from '../platforms/platform-adapter';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { PublishingActivity } from '../ports/publishing-activity';
import type { Timers } from '../ports/timers';
import { WakeTimer } from '../ports/wake-timer';
import type { PublishingTokens } from '../publishing/publishing-engine';
import { ConnectionNeedsReconnectError, parseTargets } from '../connections/connection-store';
import { MetricsStore, type DueMetricsTarget } from './metrics-store';
import type { MetricsReader } from './metrics-reader';

export interface MetricsCollectorDeps {
  database: Database;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** The readers there are; a platform without one is not collected. */
  readers: Partial<Record<Platform, MetricsReader>>;
  /** The same tokens and the same "needs reconnect" marking publishing uses (RefreshManager). */
  tokens: PublishingTokens;
  /** Publishing goes first: no read starts while a publish is in flight. */
  publishing: PublishingActivity;
  /** Reads on X are paid: X is collected only while the owner has turned it on. */
  collectX(): Promise<boolean>;
  /** The longest sleep, so a computer waking is noticed (default 5 minutes). */
  maxSleepMs?: number;
}

/** Due targets read per pass. */
const DUE_BATCH = 1_000;
/** Offline (nothing could be sent): look again this much later. */
export const OFFLINE_RETRY_MS = 60_000;
/** A failed read (5xx, no answer): that connection waits this long. */
const FAILURE_HOLD_MS = 15 * 60_000;
/** A network refusing for want of permission: look again a day later (the owner may grant it). */
const NOT_PERMITTED_RETRY_MS = 24 * 3_600_000;
const DEFAULT_MAX_SLEEP_MS = 5 * 60_000;

/**
 * Reads the numbers of published posts on schedule (issue 17), on the Timers port.
 *
 * Batched per connection as each network's reader allows (X 100, YouTube 50, LinkedIn 20 posts per
 * request, grouped by the reader's `groupOf`), one request at a time per connection,
 * following the network's rate-limit headers (after `remaining: 0` nothing is sent on that
 * connection before the reset). Publishing goes first: a pass stops before its next request
 * while a publish is in flight, and resumes when publishing is idle. Offline, nothing is
 * recorded and the pass resumes a minute later. A refused token is renewed once, like a
 * publish; refused again, the connection is marked through the same `reportRefused` publishing
 * uses, so the owner sees one "reconnect" whatever found it. Each pass ends with the day's
 * follower counts (once a UTC day per connection), under the same rules.
 */
export class MetricsCollector {
  readonly #d: MetricsCollectorDeps;
  readonly #store: MetricsStore;
  readonly #maxSleepMs: number;
  /** Connections a rate limit or a failure holds, until when. */
  readonly #holds = new Map<string, number>();
  /** Connections whose network gives no follower count (not permitted, hidden): until the next day. */
  readonly #followersSkipped = new Map<string, number>();
  #offlineUntil = 0;
  readonly #wakeTimer: WakeTimer;
  #pumping: Promise<void> | null = null;
  #again = false;
  #running = false;
  #unsubscribe: (() => void) | null = null;

  constructor(deps: MetricsCollectorDeps) {
    this.#d = deps;
    this.#store = new MetricsStore(deps.database);
    this.#wakeTimer = new WakeTimer(deps.timers, () => this.wake());
    this.#maxSleepMs = deps.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    // Publishing finished: a pass that gave way to it carries on.
    this.#unsubscribe = this.#d.publishing.onChange((publishing) => {
      if (!publishing) this.wake();
    });
    this.wake();
  }

  /** Something changed (a post published, the X switch, back online): look now. */
  wake(): void {
    if (!this.#running) return;
    if (this.#pumping !== null) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = null;
    });
  }

  /** Back online (the glue's network signal): the offline pause ends now. */
  resume(): void {
    this.#offlineUntil = 0;
    this.wake();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#wakeTimer.clear();
    await this.#pumping;
  }

  async #pump(): Promise<void> {
    do {
      this.#again = false;
      this.#wakeTimer.clear();
      try {
        await this.#pass();
      } catch (error) {
        this.#d.logger.error('Collecting results failed; trying again later', { error: error instanceof Error ? error.message : String(error) });
        this.#arm(this.#d.clock.now() + OFFLINE_RETRY_MS);
      }
    } while (this.#again && this.#running);
  }

  async #platforms(): Promise<Platform[]> {
    const platforms = Object.keys(this.#d.readers) as Platform[];
    const x = await this.#d.collectX();
    return platforms.filter((platform) => platform !== 'x' || x);
  }

  async #pass(): Promise<void> {
    const { clock } = this.#d;
    if (!this.#running || this.#d.publishing.isPublishing()) return; // onChange wakes us.
    if (this.#offlineUntil > clock.now()) return this.#arm(this.#offlineUntil);
    await this.#store.enrolPublished(clock.now());
    const platforms = await this.#platforms();
    const held = [...this.#holds].filter(([, until]) => until > clock.now()).map(([id]) => id);
    const due = await this.#store.due(clock.now(), platforms, DUE_BATCH, held);
    // Posts that may share a request: one connection, and what the network's reader groups by (LinkedIn: organisation or member).
    const groups = new Map<string, DueMetricsTarget[]>();
    for (const target of due) {
      const context = { accountId: target.accountId, authorId: target.authorId };
      const key = `${target.connectionId}\u0000${this.#d.readers[target.platform]?.groupOf?.(target.platformPostId, context) ?? ''}`;
      const list = groups.get(key) ?? [];
      list.push(target);
      groups.set(key, list);
    }
    let progressed = false;
    for (const targets of groups.values()) {
      const outcome = await this.#collectConnection(targets[0]!.connectionId, targets);
      if (outcome === 'yield') return; // publishing started or offline: the listener or the timer resumes.
      if (outcome === 'progressed') progressed = true;
    }
    if (due.length === DUE_BATCH && progressed) {
      this.#again = true; // more due than one pass reads
      return;
    }
    if ((await this.#collectFollowers(platforms)) === 'yield') return;
    const next = await this.#store.nextDueAt(platforms);
    const now = clock.now();
    const holds = [...this.#holds.values()].filter((at) => at > now);
    const firstHold = holds.length > 0 ? Math.min(...holds) : null;
    // Follower counts are read once a UTC day: the next one is due at midnight.
    const nextDay = nextUtcDay(now);
    const nextWork = Math.min(next ?? nextDay, nextDay);
    // Due now but not read: every such connection is held (or waits for the owner); wake at the first hold.
    if (nextWork <= now) this.#arm(firstHold ?? now + this.#maxSleepMs);
    else this.#arm(firstHold === null ? nextWork : Math.min(nextWork, firstHold));
  }

  /**
   * Reads today's follower count of each connected account that has none yet (once a UTC day),
   * through the same holds, tokens and "publishing first" as the posts. A network that gives no
   * count to this app (or not with the granted scopes) is asked again the next day.
   */
  async #collectFollowers(platforms: readonly Platform[]): Promise<'yield' | 'done'> {
    const { clock, tokens } = this.#d;
    const withFollowers = platforms.filter((platform) => this.#d.readers[platform]?.followers !== undefined);
    const day = utcDay(clock.now());
    for (const connection of await this.#store.followersDue(day, withFollowers)) {
      if (!this.#running || this.#d.publishing.isPublishing()) return 'yield';
      const now = clock.now();
      if ((this.#holds.get(connection.connectionId) ?? 0) > now || (this.#followersSkipped.get(connection.connectionId) ?? 0) > now) continue;
      const read = this.#d.readers[connection.platform]!.followers!;
      const context = { accountId: connection.accountId, authorId: null, targets: parseTargets(connection.targetsJson) };
      let token: string;
      try {
        token = await tokens.getAccessToken(connection.connectionId);
      } catch (error) {
        if (error instanceof RefreshUnavailableError) this.#holds.set(connection.connectionId, error.retryAt);
        else if (!(error instanceof ConnectionNeedsReconnectError)) throw error;
        continue;
      }
      let result = await read(token, context);
      if (result.kind === 'refused') {
        try {
          result = await read(await tokens.renewAfterRejection(connection.connectionId, token), context);
        } catch (error) {
          if (error instanceof RefreshUnavailableError) this.#holds.set(connection.connectionId, error.retryAt);
          else if (!(error instanceof ConnectionNeedsReconnectError)) throw error;
          continue;
        }
        if (result.kind === 'refused') {
          await tokens.reportRefused(connection.connectionId);
          continue;
        }
      }
      const after = clock.now();
      switch (result.kind) {
        case 'offline':
          // A count read once a day is in no hurry: that account waits like a failed read, and the
          // posts' own minute-by-minute offline checks are left alone.
          this.#holds.set(connection.connectionId, after + FAILURE_HOLD_MS);
          continue;
        case 'rate_limited':
          this.#holds.set(connection.connectionId, result.resetAt ?? after + FAILURE_HOLD_MS);
          continue;
        case 'not_permitted':
          this.#followersSkipped.set(connection.connectionId, nextUtcDay(after));
          continue;
        case 'failed':
          this.#d.logger.warn('Reading followers failed; that account waits', { platform: connection.platform, reason: result.message });
          this.#holds.set(connection.connectionId, after + FAILURE_HOLD_MS);
          continue;
        case 'count':
          await this.#store.recordFollowers(after, connection.connectionId, day, result.followers);
          if (result.window !== null && result.window.remaining <= 0 && result.window.resetAt > after) this.#holds.set(connection.connectionId, result.window.resetAt);
          continue;
      }
    }
    return 'done';
  }

  /** Reads one connection's due targets in batches; 'yield' stops the whole pass. */
  async #collectConnection(connectionId: string, targets: DueMetricsTarget[]): Promise<'yield' | 'progressed' | 'held'> {
    const { clock, tokens } = this.#d;
    const hold = this.#holds.get(connectionId);
    if (hold !== undefined && hold > clock.now()) return 'held';
    this.#holds.delete(connectionId);
    const platform = targets[0]!.platform;
    const reader = this.#d.readers[platform];
    if (reader === undefined) return 'held';

    let token: string;
    try {
      token = await tokens.getAccessToken(connectionId);
    } catch (error) {
      if (error instanceof RefreshUnavailableError) {
        this.#holds.set(connectionId, error.retryAt);
        return 'held';
      }
      if (error instanceof ConnectionNeedsReconnectError) return 'held'; // already marked; its targets wait
      throw error;
    }

    let progressed = false;
    let renewed = false;
    for (let i = 0; i < targets.length; ) {
      if (!this.#running || this.#d.publishing.isPublishing()) return 'yield';
      const batch = targets.slice(i, i + reader.idsPerRequest);
      const result = await reader.read(token, batch.map((target) => target.platformPostId), { accountId: batch[0]!.accountId, authorId: batch[0]!.authorId });
      const now = clock.now();
      switch (result.kind) {
        case 'offline':
          this.#offlineUntil = now + OFFLINE_RETRY_MS;
          this.#arm(this.#offlineUntil);
          return 'yield';
        case 'rate_limited':
          this.#holds.set(connectionId, result.resetAt ?? now + FAILURE_HOLD_MS);
          return progressed ? 'progressed' : 'held';
        case 'refused':
          if (renewed) {
            await tokens.reportRefused(connectionId);
            return progressed ? 'progressed' : 'held';
          }
          renewed = true;
          try {
            token = await tokens.renewAfterRejection(connectionId, token);
          } catch (error) {
            if (error instanceof RefreshUnavailableError) this.#holds.set(connectionId, error.retryAt);
            else if (!(error instanceof ConnectionNeedsReconnectError)) throw error;
            return progressed ? 'progressed' : 'held';
          }
          continue; // the same batch again with the renewed token
        case 'not_permitted':
          await this.#store.recordUnavailable(now, batch.map((t) => t.targetId), 'not_permitted', now + NOT_PERMITTED_RETRY_MS);
          break;
        case 'failed':
          this.#d.logger.warn('Reading results failed; that account waits', { platform, reason: result.message });
          this.#holds.set(connectionId, now + FAILURE_HOLD_MS);
          return progressed ? 'progressed' : 'held';
        case 'ok': {
          const byPostId = new Map(batch.map((target) => [target.platformPostId, target]));
          await this.#store.recordCollected(
            now,
            [...result.found].flatMap(([postId, metrics]) => {
              const target = byPostId.get(postId);
              return target === undefined ? [] : [{ target, metrics, raw: result.raw.get(postId) ?? null }];
            }),
          );
          // Deleted or hidden on the network: no numbers now or later.
          await this.#store.recordUnavailable(now, result.missing.flatMap((id) => byPostId.get(id)?.targetId ?? []), 'not_found', null);
          // No numbers yet (too few viewers, no data yet): nothing stored, read again at the next collection.
          await this.#store.recordNotYet(now, [...(result.unavailable ?? [])].flatMap(([id, why]) => {
            const target = byPostId.get(id);
            return target === undefined ? [] : [{ target, why }];
          }));
          progressed = true;
          break;
        }
      }
      i += batch.length;
      const window: RateLimitWindow | null = 'window' in result ? result.window : null;
      if (window !== null && window.remaining <= 0 && window.resetAt > clock.now()) {
        this.#holds.set(connectionId, window.resetAt);
        return 'progressed';
      }
    }
    return progressed ? 'progressed' : 'held';
  }

  #arm(at: number): void {
    if (this.#running) this.#wakeTimer.set(Math.min(Math.max(0, at - this.#d.clock.now()), this.#maxSleepMs));
  }
}

const DAY_MS = 86_400_000;
/** The UTC day (YYYY-MM-DD) follower counts are kept under. */
export const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
const nextUtcDay = (at: number) => (Math.floor(at / DAY_MS) + 1) * DAY_MS;
