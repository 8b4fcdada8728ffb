import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { DEFAULT_CONCURRENCY } from '../../electron/core/publishing/publishing-engine';
import { idealCompletions, latencies } from './latency-sequence';
import { median, report, reportSpread } from './measure';
import type { ChildResult } from './publish-child';

const INSTANT_TARGETS = Number(process.env['PUBLISH_BENCH_TARGETS'] ?? 10_000);
const LATENCY_TARGETS = Number(process.env['PUBLISH_BENCH_LATENCY_TARGETS'] ?? 1_000);
const LAG_POSTS = 50;
/** Engine/bare pairs per run; the latency run is long (about 30 s a side), so it has fewer. */
const INSTANT_ROUNDS = Number(process.env['PUBLISH_BENCH_ROUNDS'] ?? 3);
const LATENCY_ROUNDS = Number(process.env['PUBLISH_BENCH_LATENCY_ROUNDS'] ?? 2);
const LAG_ROUNDS = 3;
/** Untimed requests before the measured ones, on both sides (JIT, sockets, caches). */
const INSTANT_WARM = 300;
const LATENCY_WARM = 20;

type Urls = Record<'facebook' | 'linkedin' | 'x', string>;

/** Fresh fakes in their own process (a fresh latency sequence for each run). */
async function startFakes(mode: 'instant' | 'latency'): Promise<{ child: ChildProcess; urls: Urls }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'publish-fakes-server.mjs'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the fakes exited (${code})`)));
  });
  return { child, urls: JSON.parse(first) as Urls };
}

async function runChild(args: string[]): Promise<ChildResult> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'publish-child.mjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`a publish bench child failed (${code}): ${args[0]}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
}

/** One side of a round, against fresh fakes. */
async function side(kind: 'engine' | 'bare', mode: 'instant' | 'latency', template: string, count: number, warm: number): Promise<ChildResult> {
  const fakes = await startFakes(mode);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-publish-round-'));
  try {
    if (kind === 'bare') return await runChild(['bare', JSON.stringify(fakes.urls), String(count), String(warm)]);
    for (const file of fs.readdirSync(template)) fs.copyFileSync(path.join(template, file), path.join(dir, file));
    return await runChild(['engine', dir, JSON.stringify(fakes.urls), String(count), String(warm)]);
  } finally {
    fakes.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A seeded data folder (closed cleanly: one file plus the lease's key) copied for every engine round. */
function seedTemplate(count: number, warm: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-publish-template-'));
  const publicKey = execFileSync(process.execPath, [path.join(import.meta.dirname, 'seed-publish.mjs'), dir, String(count), String(warm)], { encoding: 'utf8' }).trim();
  fs.rmSync(path.join(dir, 'logs'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'backups'), { recursive: true, force: true });
  fs.writeFileSync(path.join(dir, 'public-key.txt'), publicKey);
  return dir;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * `npm run bench -- publish` (issue 13 §1). The engine (the real core on a seeded copy: outbox,
 * quota, token vault, adapters) and a bare loop of the same POSTs through the same HTTP client at
 * the engine's concurrency each run in a fresh child process (publish-child.ts), alternating
 * engine, bare, engine, bare…; each figure is the median of the rounds' ratios, with its spread.
 *
 * - instant fakes, 10,000 targets: `publish.instant_ratio` (engine posts/s ÷ bare posts/s),
 *   `publish.cpu_ratio` (CPU time per post, engine ÷ bare), `publish.claims_per_fsync`,
 *   `publish.loop_delay_p99_ms` (the engine process's event loop), `publish.rss_mb` (VmHWM,
 *   highest engine round);
 * - fakes answering after a seeded lognormal delay, 1,000 targets: `publish.latency_ratio`;
 * - 50 posts due at one instant on a warm idle engine, latency fakes: `publish.due_lag_first_ms`
 *   (the first request after the instant) and `publish.due_lag_p99_ratio` (p99 of when requests
 *   are answered, against the ideal schedule of the same latencies at that concurrency).
 */
export async function runPublishBench(): Promise<void> {
  const templates: string[] = [];
  try {
    const instantTemplate = seedTemplate(INSTANT_TARGETS, INSTANT_WARM);
    const latencyTemplate = seedTemplate(LATENCY_TARGETS, LATENCY_WARM);
    const lagTemplate = seedTemplate(LAG_POSTS, LATENCY_WARM);
    templates.push(instantTemplate, latencyTemplate, lagTemplate);

    const instant = { ratio: [] as number[], cpu: [] as number[], claims: [] as number[], loop: [] as number[], rss: [] as number[], bareRss: [] as number[], engine: [] as number[], bare: [] as number[] };
    for (let round = 0; round < INSTANT_ROUNDS; round++) {
      const engine = await side('engine', 'instant', instantTemplate, INSTANT_TARGETS, INSTANT_WARM);
      const bare = await side('bare', 'instant', instantTemplate, INSTANT_TARGETS, INSTANT_WARM);
      instant.engine.push((engine.posts / engine.wallMs) * 1000);
      instant.bare.push((bare.posts / bare.wallMs) * 1000);
      instant.ratio.push(bare.wallMs / engine.wallMs);
      instant.cpu.push(engine.cpuMs / engine.posts / (bare.cpuMs / bare.posts));
      instant.claims.push(engine.posts / Math.max(1, engine.durableCommits));
      instant.loop.push(engine.loopDelayP99Ms);
      instant.rss.push(engine.vmHwmMb);
      instant.bareRss.push(bare.vmHwmMb);
    }

    const latency: number[] = [];
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      const engine = await side('engine', 'latency', latencyTemplate, LATENCY_TARGETS, LATENCY_WARM);
      const bare = await side('bare', 'latency', latencyTemplate, LATENCY_TARGETS, LATENCY_WARM);
      latency.push(bare.wallMs / engine.wallMs);
    }

    // Both sides drew LATENCY_WARM delays first; the 50 measured requests meet the next 50.
    const ideal = idealCompletions(latencies(LATENCY_WARM + LAG_POSTS).slice(LATENCY_WARM), DEFAULT_CONCURRENCY);
    const lagFirst: number[] = [];
    const lagRatio: number[] = [];
    for (let round = 0; round < LAG_ROUNDS; round++) {
      const engine = await side('engine', 'latency', lagTemplate, LAG_POSTS, LATENCY_WARM);
      lagFirst.push(Math.min(...engine.leftAt));
      lagRatio.push(percentile(engine.answeredAt, 99) / percentile(ideal, 99));
    }

    report('publish.targets', INSTANT_TARGETS, 0);
    report('publish.concurrency', DEFAULT_CONCURRENCY, 0);
    report('publish.bare_posts_per_s', median(instant.bare), 0);
    report('publish.engine_posts_per_s', median(instant.engine), 0);
    reportSpread('publish.instant_ratio', instant.ratio);
    reportSpread('publish.cpu_ratio', instant.cpu);
    reportSpread('publish.claims_per_fsync', instant.claims, 1);
    reportSpread('publish.latency_ratio', latency);
    reportSpread('publish.due_lag_first_ms', lagFirst, 1);
    reportSpread('publish.due_lag_p99_ratio', lagRatio);
    reportSpread('publish.loop_delay_p99_ms', instant.loop, 2);
    report('publish.rss_mb', Math.max(...instant.rss), 1);
    // For scale: the bare loop's own peak (the HTTP client's share of the engine's figure).
    report('publish.bare_rss_mb', Math.max(...instant.bareRss), 1);
  } finally {
    for (const dir of templates) fs.rmSync(dir, { recursive: true, force: true });
  }
}
