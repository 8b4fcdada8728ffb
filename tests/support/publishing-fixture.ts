import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Platform } from '@shared/domain/platform';
import type { LeasePayload } from '@shared/licence/lease-format';
import { deviceKeyHash } from '../../electron/core/licence/ed25519';
import { LicenceSeal } from '../../electron/core/licence/licence-seal';
import type { SecretStore } from '../../electron/core/ports/secret-store';
import type { PlatformAdapter, PublishRequest, PublishResult } from '../../electron/core/platforms/platform-adapter';
import type { Clock } from '../../electron/core/ports/clock';
import type { TimerHandle, Timers } from '../../electron/core/ports/timers';
import type { ConnectionStore } from '../../electron/core/connections/connection-store';
import { growthLease, type LeaseSigner } from './lease-signer';
import { testSecretStore } from './test-ports';

/**
 * Simulated time for the engine: a clock, and timers that fire when the test moves the clock
 * past them (in the order they are due), so a 15-minute rate-limit wait takes no real time.
 */
export class SimulatedTime implements Clock, Timers {
  #now: number;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number);
  }

  /** When the earliest pending timer fires; null when none is pending. */
  nextTimerAt(): number | null {
    let earliest: number | null = null;
    for (const timer of this.#timers.values()) if (earliest === null || timer.at < earliest) earliest = timer.at;
    return earliest;
  }

  /**
   * The computer sleeps for `ms`: the wall clock moves on, but pending timers do not count the
   * sleep (Node's timers run on a monotonic clock that stops), so each fires `ms` later.
   */
  sleep(ms: number): void {
    this.#now += ms;
    for (const timer of this.#timers.values()) timer.at += ms;
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.#timers.delete(due[0]);
      this.#now = Math.max(this.#now, due[1].at);
      due[1].callback();
    }
    this.#now = target;
  }
}

/** One publish an adapter received (the token stands in for the Authorization header). */
export interface ReceivedPublish {
  platform: Platform;
  request: Omit<PublishRequest, 'signal'>;
}

/** An in-memory adapter whose answers a test scripts; records every request it was given. */
export function scriptedAdapter(
  platform: Platform,
  received: ReceivedPublish[],
  answer: (request: PublishRequest, nth: number) => PublishResult | Promise<PublishResult> = () => published(),
): PlatformAdapter {
  let nth = 0;
  return {
    platform,
    publish: async (request) => {
      const { signal: _signal, ...rest } = request;
      received.push({ platform, request: rest });
      return answer(request, nth++);
    },
  };
}

let ids = 0;
/** A platform's confirmation with a fresh id. */
export function published(id = `p${++ids}`): PublishResult {
  return { outcome: { kind: 'published', platformPostId: id, url: `https://social.example/posts/${id}` }, httpStatus: 201, platformErrorCode: null };
}

/**
 * Signs a lease for this device (`AGENCYIQ_LICENCE_PUBLIC_KEY` must be the signer's) and stores it
 * as a sync would, sealed with the row's MAC key (`secrets` must be the store the core used).
 */
export async function seedLease(
  sqlite: BetterSqlite3.Database,
  signer: LeaseSigner,
  now: number,
  overrides: Partial<Omit<LeasePayload, 'v'>> = {},
  secrets: SecretStore = testSecretStore(),
): Promise<LeasePayload> {
  const publicKey = sqlite.prepare('SELECT public_key FROM device_identity WHERE id = 1').pluck().get() as string;
  const payload = growthLease(deviceKeyHash(publicKey), now - 60_000, overrides);
  const lease = signer.sign(payload);
  const keyText = await secrets.decrypt(Buffer.from(sqlite.prepare('SELECT mac_key_ciphertext FROM licence WHERE id = 1').pluck().get() as Uint8Array));
  const mac = LicenceSeal.fromKeyText(keyText).mac({
    lease,
    clockHighWater: now - 60_000,
    clockOffset: 0,
    lastSyncAt: now,
    needsCheck: false,
    usageFloorCycle: null,
    usageFloor: 0,
  });
  sqlite
    .prepare(
      `UPDATE licence SET lease = ?, clock_high_water = ?, clock_offset = 0, updated_at = ?, server_status = 'active', last_sync_at = ?,
         needs_check = 0, usage_floor_cycle = NULL, usage_floor = 0, state_mac = ? WHERE id = 1`,
    )
    .run(lease, now - 60_000, now, now, mac);
  return payload;
}

/** Account ids shaped like each platform's (a Graph Page id is numeric, an X user id too). */
export const ACCOUNT_IDS: Record<Platform, string> = {
  facebook: '104857600000001',
  instagram: '17841400000000001',
  linkedin: 'Qx7bT2mK9s',
  x: '1460000000000000001',
  youtube: 'UCpaddingtonsourdough01',
};

/** A connected account for `platform` with a plain access token (no refresh token unless given). */
export async function seedConnection(
  store: ConnectionStore,
  platform: Platform,
  options: { accessToken?: string; refreshToken?: string | null; accessExpiresAt?: number | null } = {},
): Promise<string> {
  return store.saveConnected({
    platform,
    accountId: ACCOUNT_IDS[platform],
    displayName: `Paddington Sourdough on ${platform}`,
    tokens: { accessToken: options.accessToken ?? `${platform}-token`, refreshToken: options.refreshToken ?? null, userAccessToken: null, scope: null },
    accessExpiresAt: options.accessExpiresAt ?? null,
    refreshExpiresAt: null,
  });
}

/**
 * A post scheduled the way the scheduling domain leaves it: post and targets `scheduled`, each
 * target on its platform's connection. Returns the post id and the target ids by platform.
 */
export function seedScheduledPost(
  sqlite: BetterSqlite3.Database,
  options: { body: string; scheduledAt: number; targets: ReadonlyArray<{ platform: Platform; connectionId: string | null }>; postId?: string },
): { postId: string; targets: Partial<Record<Platform, string>> } {
  const postId = options.postId ?? randomUUID();
  const targets: Partial<Record<Platform, string>> = {};
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at)
         VALUES (?, ?, 'scheduled', 1, ?, 'Australia/Brisbane', ?, ?)`,
      )
      .run(postId, options.body, options.scheduledAt, options.scheduledAt, options.scheduledAt);
    options.targets.forEach((target, position) => {
      const id = randomUUID();
      targets[target.platform] = id;
      sqlite
        .prepare(
          `INSERT INTO post_targets (id, post_id, platform, position, state, connection_id, updated_at)
           VALUES (?, ?, ?, ?, 'scheduled', ?, ?)`,
        )
        .run(id, postId, target.platform, position, target.connectionId, options.scheduledAt);
    });
  })();
  return { postId, targets };
}

/** Polls `check` (real time) until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitUntil<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
