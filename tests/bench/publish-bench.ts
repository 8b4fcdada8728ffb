import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { openCore } from '../../electron/core/open-core';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { createPlatformAdapters } from '../../electron/core/platforms/platform-adapters';
import type { HttpClient, HttpRequest } from '../../electron/core/ports/http-client';
import { silentLogger } from '../../electron/core/ports/logger';
import { DEFAULT_CONCURRENCY } from '../../electron/core/publishing/publishing-engine';
import { AesGcmSecretStore } from '../../electron/core/vault/aes-gcm-secret-store';
import { ACCOUNT_IDS } from '../support/publishing-fixture';
import { report } from './measure';
import { measureOutboxWrites } from './publish-outbox-writes';
import { BENCH_SECRET_KEY, PUBLISH_BENCH_PLATFORMS } from './publish-bench-data';

const TARGETS = Number(process.env['PUBLISH_BENCH_TARGETS'] ?? 10_000);

interface FakeUrls {
  facebook: string;
  linkedin: string;
  x: string;
}

/** Starts the instant fakes in their own process; resolves with their URLs. */
async function startFakes(): Promise<{ child: ChildProcess; urls: FakeUrls; lines: readline.Interface }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'publish-fakes-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the fakes exited (${code})`)));
  });
  return { child, urls: JSON.parse(first) as FakeUrls, lines };
}

/** Stops the fakes; resolves with how many requests each received. */
async function stopFakes(fakes: { child: ChildProcess; lines: readline.Interface }): Promise<Record<string, number>> {
  const counts = new Promise<Record<string, number>>((resolve) => fakes.lines.once('line', (line) => resolve((JSON.parse(line) as { received: Record<string, number> }).received)));
  fakes.child.kill('SIGTERM');
  return counts;
}

/**
 * The exact HTTP requests the adapters send for one target per platform (same URL, headers,
 * body shape), captured without sending, so the bare loop replays the engine's bytes.
 */
async function captureRequests(env: Record<string, string>): Promise<HttpRequest[]> {
  const captured: HttpRequest[] = [];
  const capture: HttpClient = { send: async (request) => (captured.push(request), { kind: 'not_sent', reason: 'refused', message: 'captured' }) };
  const adapters = createPlatformAdapters({ env, clock: { now: Date.now }, http: capture, allowDevOverrides: true, logger: silentLogger });
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

/** The baseline: the same POSTs through the same HTTP client, `concurrency` at a time, nothing else. */
async function bareLoop(http: HttpClient, requests: readonly HttpRequest[], count: number, concurrency: number): Promise<number> {
  let next = 0;
  let failures = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const result = await http.send(requests[next++ % requests.length]!);
        if (result.kind !== 'response' || result.status >= 300) failures++;
      }
    }),
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (failures > 0) throw new Error(`the bare loop had ${failures} failed requests`);
  return ms;
}

/**
 * `npm run bench -- publish`: 10,000 due targets (one-target posts over Facebook, LinkedIn and X)
 * published by the real core — engine, outbox, quota, token vault, adapters — against the
 * instant fakes in another process. The baseline is a bare loop of the same POSTs to the same
 * fakes through the same HTTP client at the engine's concurrency, run before and after the
 * engine (their mean) in the same run.
 *
 * - `publish.per_post_ms`: what the engine adds per post over the bare POST (wall time, so it
 *   includes waiting for SQLite commits and the event loop).
 * - `publish.ratio`: engine posts/s ÷ bare-loop posts/s (1 = no overhead).
 * - `publish.rss_mb`: peak resident memory of this process during the run.
 * - `publish.outbox_writes_per_s`: the outbox's claims and outcomes alone for the same targets,
 *   no HTTP (publish-outbox-writes.ts), on a second seeded copy after the rest is measured.
 * - `publish.single_thread_ceiling`: the ratio the engine could reach if everything but its
 *   POST and its bookkeeping cost nothing: bare / (bare + writes), as time per post.
 *
 * `PUBLISH_BENCH_TARGETS=N` runs it on N targets instead (to see how the cost grows with N).
 */
export async function runPublishBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-publish-bench-'));
  const writesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-publish-bench-writes-'));
  const fakes = await startFakes();
  try {
    const seed = (into: string) => execFileSync(process.execPath, [path.join(import.meta.dirname, 'seed-publish.mjs'), into, String(TARGETS)], { encoding: 'utf8' }).trim();
    const publicKey = seed(dir);
    const env = {
      AGENCYIQ_LICENCE_SERVER_URL: 'http://127.0.0.1:9',
      AGENCYIQ_LICENCE_PUBLIC_KEY: publicKey,
      AGENCYIQ_PUBLISH_FACEBOOK_URL: fakes.urls.facebook,
      AGENCYIQ_PUBLISH_LINKEDIN_URL: fakes.urls.linkedin,
      AGENCYIQ_PUBLISH_X_URL: fakes.urls.x,
    };
    const http = createNodeHttpClient();
    const requests = await captureRequests(env);
    await bareLoop(http, requests, 500, DEFAULT_CONCURRENCY); // warm-up (JIT, fakes)
    const bareBefore = await bareLoop(http, requests, TARGETS, DEFAULT_CONCURRENCY);

    const start = process.hrtime.bigint();
    const core = await openCore({
      dataDir: dir,
      logger: silentLogger,
      host: 'browser',
      version: '0.0.0-bench',
      secretStore: new AesGcmSecretStore(BENCH_SECRET_KEY),
      shell: { openExternal: async () => true, openPath: async () => true },
      env,
      logsFolder: path.join(dir, 'logs'),
      saveDialog: { chooseSavePath: async () => null },
      allowDevOverrides: true,
    });
    const left = core.database.sqlite.prepare("SELECT COUNT(*) FROM post_targets WHERE state IN ('scheduled', 'publishing')").pluck();
    // The engine's own timers are unref'd; this keeps the process alive while it works.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if ((left.get() as number) === 0) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    const engineMs = Number(process.hrtime.bigint() - start) / 1e6;
    const states = core.database.sqlite.prepare('SELECT state, COUNT(*) AS n FROM post_targets GROUP BY state').all() as Array<{ state: string; n: number }>;
    await core.close();

    const bareAfter = await bareLoop(http, requests, TARGETS, DEFAULT_CONCURRENCY);
    const bareMs = (bareBefore + bareAfter) / 2;
    const received = await stopFakes(fakes);
    const published = states.find((s) => s.state === 'published')?.n ?? 0;
    const sentByEngine = Object.values(received).reduce((a, b) => a + b, 0) - (500 + 2 * TARGETS);
    if (published !== TARGETS || sentByEngine !== TARGETS) {
      throw new Error(`The engine did not publish every target exactly once: ${JSON.stringify(states)}, ${sentByEngine} requests`);
    }

    report('publish.targets', TARGETS, 0);
    report('publish.concurrency', DEFAULT_CONCURRENCY, 0);
    report('publish.bare_posts_per_s', (TARGETS / bareMs) * 1000, 0);
    report('publish.engine_posts_per_s', (TARGETS / engineMs) * 1000, 0);
    report('publish.per_post_ms', (engineMs - bareMs) / TARGETS);
    report('publish.ratio', bareMs / engineMs);
    report('publish.rss_mb', process.resourceUsage().maxRSS / 1024, 1);

    seed(writesDir);
    const writesPerSecond = await measureOutboxWrites(writesDir, DEFAULT_CONCURRENCY);
    report('publish.outbox_writes_per_s', writesPerSecond, 0);
    const bareMsPerPost = bareMs / TARGETS;
    const writesMsPerPost = 1000 / writesPerSecond;
    report('publish.single_thread_ceiling', bareMsPerPost / (bareMsPerPost + writesMsPerPost));
  } finally {
    if (fakes.child.exitCode === null) fakes.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(writesDir, { recursive: true, force: true });
  }
}
