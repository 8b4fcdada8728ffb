import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { openCore } from '../../electron/core/open-core';
import { createPlatformAdapters } from '../../electron/core/platforms/platform-adapters';
import type { HttpClient, HttpRequest } from '../../electron/core/ports/http-client';
import type { Timers } from '../../electron/core/ports/timers';
import { silentLogger } from '../../electron/core/ports/logger';
import { DEFAULT_CONCURRENCY } from '../../electron/core/publishing/publishing-engine';
import { AesGcmSecretStore } from '../../electron/core/vault/aes-gcm-secret-store';
import { ACCOUNT_IDS } from '../support/publishing-fixture';
import { BENCH_SECRET_KEY, PUBLISH_BENCH_PLATFORMS } from './publish-bench-data';

/**
 * One side of one round of the publish bench, in a fresh process (publish-bench.ts runs it):
 *
 * - `engine DIR URLS COUNT WARM`: the real core on a copy of a seeded data folder. The WARM
 *   warm-up posts are due at once, the COUNT measured ones an hour later, so the engine publishes
 *   the warm-up and then naps (its 5-minute cap). Once opening the core, its checks, its first
 *   backup and the warm-up are over, the measured posts are moved to one instant just ahead and
 *   the engine's nap is cut short to end at it, as a `wake()` from scheduling would. The timed
 *   window starts at that instant (the engine's first wake for them) and ends when the last is
 *   recorded published.
 * - `bare URLS COUNT WARM`: the same POSTs through the same HTTP client, DEFAULT_CONCURRENCY at a
 *   time, nothing else; WARM of them first, untimed.
 *
 * Prints one JSON line: wall and CPU time of the window, the event loop's delay p99 in it, the
 * peak resident memory (VmHWM), durable commits (engine), and when each request left and was
 * answered, as offsets from the window's start.
 */
export interface ChildResult {
  posts: number;
  wallMs: number;
  cpuMs: number;
  loopDelayP99Ms: number;
  vmHwmMb: number;
  durableCommits: number;
  leftAt: number[];
  answeredAt: number[];
}

const now = () => performance.timeOrigin + performance.now();

/** Records when each request leaves and is answered (relative to `origin.value`). */
function timedHttp(http: HttpClient, origin: { value: number }, leftAt: number[], answeredAt: number[]): HttpClient {
  return {
    send: async (request) => {
      leftAt.push(now() - origin.value);
      const result = await http.send(request);
      answeredAt.push(now() - origin.value);
      return result;
    },
  };
}

function vmHwmMb(): number {
  const found = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return found === null ? process.resourceUsage().maxRSS / 1024 : Number(found[1]) / 1024;
}

function env(urls: Record<string, string>, publicKey: string): Record<string, string> {
  return {
    AGENCYIQ_LICENCE_SERVER_URL: 'http://127.0.0.1:9',
    AGENCYIQ_LICENCE_PUBLIC_KEY: publicKey,
    AGENCYIQ_PUBLISH_FACEBOOK_URL: urls['facebook']!,
    AGENCYIQ_PUBLISH_LINKEDIN_URL: urls['linkedin']!,
    AGENCYIQ_PUBLISH_X_URL: urls['x']!,
  };
}

/** The engine's nap when nothing is due within it (publishing-engine.ts, DEFAULT_MAX_SLEEP_MS). */
const NAP_MS = 5 * 60_000;

/** Node's timers, with the engine's naps kept so one can be cut short (`wakeAt`). */
function nappingTimers(): Timers & { wakeAt(instant: number): number } {
  const naps = new Set<{ callback: () => void; handle: NodeJS.Timeout }>();
  return {
    setTimeout(callback, delayMs) {
      const entry = { callback, handle: setTimeout(() => (naps.delete(entry), callback()), delayMs).unref() };
      if (delayMs === NAP_MS) naps.add(entry);
      return entry;
    },
    clearTimeout(handle) {
      const entry = handle as { handle: NodeJS.Timeout };
      clearTimeout(entry.handle);
      naps.delete(entry as never);
    },
    wakeAt(instant) {
      for (const entry of naps) {
        clearTimeout(entry.handle);
        entry.handle = setTimeout(() => (naps.delete(entry), entry.callback()), Math.max(0, instant - Date.now())).unref();
      }
      return naps.size;
    },
  };
}

async function runEngine(dir: string, urls: Record<string, string>, count: number, warm: number): Promise<ChildResult> {
  const publicKey = fs.readFileSync(path.join(dir, 'public-key.txt'), 'utf8').trim();
  const raw = new BetterSqlite3(path.join(dir, 'agencyiq.db'));
  raw.prepare(`UPDATE posts SET scheduled_at = ? WHERE body NOT LIKE 'Warm%'`).run(Date.now() + 3_600_000);
  raw.prepare(`UPDATE posts SET scheduled_at = ? WHERE body LIKE 'Warm%'`).run(Date.now() - 1000);
  raw.close();

  const timers = nappingTimers();
  const origin = { value: 0 };
  const leftAt: number[] = [];
  const answeredAt: number[] = [];
  const http = timedHttp(createNodeHttpClient(), origin, leftAt, answeredAt);
  const core = await openCore({
    dataDir: dir,
    logger: silentLogger,
    host: 'browser',
    version: '0.0.0-bench',
    secretStore: new AesGcmSecretStore(BENCH_SECRET_KEY),
    shell: { openExternal: async () => true, openPath: async () => true },
    env: env(urls, publicKey),
    logsFolder: path.join(dir, 'logs'),
    saveDialog: { chooseSavePath: async () => null },
    allowDevOverrides: true,
    // Built beside this bundle (build/bundle.mjs bench).
    backgroundWorkerFile: fileURLToPath(new URL('./background-worker.mjs', import.meta.url)),
    platformAdapters: createPlatformAdapters({ env: env(urls, publicKey), clock: { now: Date.now }, http, allowDevOverrides: true, logger: silentLogger }),
    timers,
  });
  let published = 0;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  let warmedUp: () => void = () => {};
  const warm$ = new Promise<void>((resolve) => (warmedUp = resolve));
  if (warm === 0) warmedUp();
  core.events.subscribe(({ event, payload }) => {
    if (event !== 'publishing.target-changed' || (payload as { state: string }).state !== 'published') return;
    published++;
    if (published === warm) warmedUp();
    if (published === warm + count) finished();
  });
  await warm$;
  // Let the engine go idle (its nap armed), then move the measured posts to one instant ahead.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const due = Date.now() + 200;
  origin.value = due;
  core.database.sqlite.prepare(`UPDATE posts SET scheduled_at = ? WHERE body NOT LIKE 'Warm%'`).run(due);
  // Every 5-minute nap is cut short: the engine's, and the results collector's (same cap; it has
  // nothing due and gives way to publishing), so at least one must be there.
  if (timers.wakeAt(due) < 1) throw new Error('the engine was not napping after its warm-up');

  // Durable commits (synchronous=FULL) from here on: the engine sets it around each one.
  const { sqlite } = core.database;
  let durableCommits = 0;
  const pragma = sqlite.pragma.bind(sqlite);
  sqlite.pragma = ((source: string, options?: BetterSqlite3.PragmaOptions) => {
    if (source === 'synchronous = FULL') durableCommits++;
    return pragma(source, options);
  }) as typeof sqlite.pragma;
  leftAt.length = 0;
  answeredAt.length = 0;

  // Start the window at the instant: a timer just before it, then a short spin to the millisecond.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now() - 20)));
  while (Date.now() < due);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const start = now();
  await done;
  const wallMs = now() - start;
  const used = process.cpuUsage(cpu);
  loop.disable();
  const result = {
    posts: count,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    vmHwmMb: vmHwmMb(),
    durableCommits,
    leftAt: [...leftAt],
    answeredAt: [...answeredAt],
  };
  await core.close();
  return result;
}

/** The exact requests the adapters send for one target per platform, captured without sending. */
async function captureRequests(urls: Record<string, string>): Promise<HttpRequest[]> {
  const captured: HttpRequest[] = [];
  const capture: HttpClient = { send: async (request) => (captured.push(request), { kind: 'not_sent', reason: 'refused', message: 'captured' }) };
  const adapters = createPlatformAdapters({ env: env(urls, ''), clock: { now: Date.now }, http: capture, allowDevOverrides: true, logger: silentLogger });
  for (const platform of PUBLISH_BENCH_PLATFORMS) {
    await adapters[platform]!.publish({
      text: 'Bench post 0: fresh loaves at 7am https://paddo.example.com/0',
      title: null,
      media: [],
      accountId: ACCOUNT_IDS[platform],
      authorId: null,
      accessToken: `${platform}-token`,
    });
  }
  return captured;
}

async function runBare(urls: Record<string, string>, count: number, warm: number): Promise<ChildResult> {
  const origin = { value: 0 };
  const leftAt: number[] = [];
  const answeredAt: number[] = [];
  const http = timedHttp(createNodeHttpClient(), origin, leftAt, answeredAt);
  const requests = await captureRequests(urls);
  const loopOf = async (total: number) => {
    let next = 0;
    let failures = 0;
    await Promise.all(
      Array.from({ length: DEFAULT_CONCURRENCY }, async () => {
        while (next < total) {
          const result = await http.send(requests[next++ % requests.length]!);
          if (result.kind !== 'response' || result.status >= 300) failures++;
        }
      }),
    );
    if (failures > 0) throw new Error(`the bare loop had ${failures} failed requests`);
  };
  await loopOf(warm);
  leftAt.length = 0;
  answeredAt.length = 0;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const start = now();
  origin.value = start;
  await loopOf(count);
  const wallMs = now() - start;
  const used = process.cpuUsage(cpu);
  loop.disable();
  return {
    posts: count,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    vmHwmMb: vmHwmMb(),
    durableCommits: 0,
    leftAt,
    answeredAt,
  };
}

const [mode, ...args] = process.argv.slice(2);
// Keeps the process alive while the engine works (its timers are unref'd).
const keepAlive = setInterval(() => {}, 60_000);
let result: ChildResult;
if (mode === 'engine') {
  const [dir, urls, count, warm] = args as [string, string, string, string];
  result = await runEngine(dir, JSON.parse(urls) as Record<string, string>, Number(count), Number(warm));
} else if (mode === 'bare') {
  const [urls, count, warm] = args as [string, string, string];
  result = await runBare(JSON.parse(urls) as Record<string, string>, Number(count), Number(warm));
} else {
  throw new Error('usage: publish-child.ts engine DIR URLS COUNT WARM | bare URLS COUNT WARM');
}
clearInterval(keepAlive);
// Only the short runs' request times are needed (the due-lag run); exit once the line is out.
if (result.posts > 1_000) result = { ...result, leftAt: [], answeredAt: [] };
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
