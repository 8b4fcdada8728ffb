import type BetterSqlite3 from 'better-sqlite3';
import { billingPeriod, DAY_MS } from './lease-signer';
import type { SimulatedTime } from './publishing-fixture';
import { silentLogger } from '../../electron/core/ports/logger';
import { PublishingEngine, type PublishingEngineDeps } from '../../electron/core/publishing/publishing-engine';
import type { PlatformAdapter } from '../../electron/core/platforms/platform-adapter';

// The publishing engine on its own (no core), as the outbox tests drive it: one X adapter the test
// scripts, and every other port answered the plain way — a token that is always good, a plan with
// room to spare, no notifications — so what a test checks is only the outbox and its adapter.

/** The boot identity the tests' engine runs under (a restart of the computer is another one). */
export const TEST_BOOT = 'b6f5a1c2-0d3e-4f5a-8b9c-0d1e2f3a4b5c';
/** The X connection `insertXConnection` stores. */
export const X_CONNECTION_ID = 'c-x';

/** An X connection row (no tokens: the engine's token port is scripted); returns its id. */
export function insertXConnection(sqlite: BetterSqlite3.Database, now: number): string {
  sqlite
    .prepare(`INSERT INTO connections (id, platform, account_id, display_name, state, created_at, updated_at) VALUES (?, 'x', '1460000000000000001', 'Paddington', 'connected', ?, ?)`)
    .run(X_CONNECTION_ID, now, now);
  return X_CONNECTION_ID;
}

/**
 * An engine on `database` and simulated `time` that sends with `adapter` for X, under a plan of
 * 1,000 posts whose cycle began a day before `time` now; `overrides` replaces any other port
 * (concurrency, media…).
 */
export function xEngine(database: PublishingEngineDeps['database'], time: SimulatedTime, adapter: PlatformAdapter, overrides: Partial<PublishingEngineDeps> = {}): PublishingEngine {
  const period = billingPeriod(time.now() - DAY_MS);
  return new PublishingEngine({
    database,
    clock: time,
    timers: time,
    logger: silentLogger,
    adapters: { x: adapter },
    tokens: { getAccessToken: async () => 'x-token', renewAfterRejection: async () => 'x-token', reportRefused: async () => {} },
    lease: async () => ({ payload: { postsPerCycle: 1000, ...period }, now: time.now() }),
    missedAfterMs: async () => 15 * 60_000,
    tracker: { begin: () => () => {} },
    onTargetChanged: () => {},
    notify: async () => {},
    onLedgerChanged: () => {},
    boot: TEST_BOOT,
    ...overrides,
  });
}
