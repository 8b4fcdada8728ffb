import autocannon from 'autocannon';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { median, report, reportSpread } from './measure';

const DEVICES = 10_000;
/**
 * How the server is run in production (package.json's `licence-server` script): V8 sized for
 * memory rather than peak speed. The bench measures the server as deployed; its CPU cost shows
 * in `licence.c100_cpu_us_per_req`.
 */
export const LICENCE_SERVER_NODE_FLAGS = ['--optimize-for-size'];
/**
 * …and its environment there: glibc's trim threshold fixed at its 128 KiB default. Left dynamic,
 * it rises with the first large block freed at start (the bundle's source, compile buffers) and
 * the freed top of the heap (3–5 MB) then stays resident for the process's life. The mmap
 * threshold at 32 KiB: V8's compile scratch blocks of a first start (32 KiB and a little more)
 * are then mapped and unmapped, instead of leaving about 3 MB of holes in the heap.
 */
export const LICENCE_SERVER_ENV = { MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '32768' };
/** 100 connections: 7 rounds of 2 s on each server. */
const SECONDS = 14;
const ROUNDS = 7;
const C10_SECONDS = 10;
/** 2,000 connections: 3 rounds of 20 s on each server (a round starts with all 2,000 connecting at once). */
const C2000_SECONDS = 60;
const C2000_ROUNDS = 3;
/** Idle resident memory is read this long after a server process starts, with no request sent. */
const IDLE_SECONDS = 5;
const IDLE_ROUNDS = 3;

interface Server {
  child: ChildProcess;
  url: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not come up`);
}

/** CPU time (user + system) a child process has used, in microseconds, from /proc (Linux). */
function cpuMicros(pid: number | undefined): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / 100) * 1e6;
}

interface Measured {
  result: autocannon.Result;
  /** Server CPU per completed request: what the server spends, whatever else the machine does. */
  cpuMicrosPerRequest: number;
}

/** Runs `load` and reads the server's CPU time around it. */
async function measured(server: Server, run: () => Promise<autocannon.Result>): Promise<Measured> {
  const before = cpuMicros(server.child.pid);
  const result = await run();
  const used = cpuMicros(server.child.pid) - before;
  return { result, cpuMicrosPerRequest: used / Math.max(1, result.requests.total) };
}

/** Resident memory of a child process, from /proc (Linux). */
function rssBytes(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

const SERVER_MAIN = path.join(import.meta.dirname, '..', 'licence-server', 'main.cjs');
const BARE_MAIN = path.join(import.meta.dirname, 'bare-server.mjs');

interface LicenceServerOptions {
  file: string;
  port: number;
  signingKey: string;
  secret: string;
  /** Node's compile cache folder (the launcher enables it): empty = a first start. */
  compileCache: string;
}

/** The built licence server (`npm run licence-server`'s bundle and flags) in its own process. */
function startLicenceServer(options: LicenceServerOptions): Server {
  return {
    // LICENCE_BENCH_PROFILE=dir writes the server's CPU profile there (to see where the time goes).
    child: spawn(
      process.execPath,
      [
        ...LICENCE_SERVER_NODE_FLAGS,
        ...(process.env['LICENCE_BENCH_PROFILE'] ? [`--cpu-prof`, `--cpu-prof-dir=${process.env['LICENCE_BENCH_PROFILE']}`] : []),
        SERVER_MAIN,
      ],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          ...LICENCE_SERVER_ENV,
          NODE_COMPILE_CACHE: options.compileCache,
          PORT: String(options.port),
          HOST: '127.0.0.1',
          LICENCE_DB_PATH: options.file,
          DATABASE_URL: '',
          STRIPE_SECRET_KEY: 'sk_test_benchNeverCalled',
          STRIPE_WEBHOOK_SECRET: 'whsec_bench',
          STRIPE_PRICE_STARTER: 'price_s',
          STRIPE_PRICE_GROWTH: 'price_g',
          STRIPE_PRICE_PROFESSIONAL: 'price_p',
          LICENCE_SIGNING_KEY: options.signingKey,
          SESSION_SECRET: options.secret,
          LOG_LEVEL: 'warn',
        },
      },
    ),
    url: `http://127.0.0.1:${options.port}`,
  };
}

/** The bare node:http server answering `bodyBytes`-byte bodies, in its own process; `url` once it listens. */
function spawnBareServer(bodyBytes: number): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [BARE_MAIN, String(bodyBytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = new Promise<string>((resolve) => child.stdout?.once('data', (data: Buffer) => resolve(`http://127.0.0.1:${data.toString().trim()}`)));
  return { child, url };
}

async function startBareServer(bodyBytes: number): Promise<Server> {
  const { child, url } = spawnBareServer(bodyBytes);
  return { child, url: await url };
}

/**
 * Resident memory `IDLE_SECONDS` after the process was spawned, nothing asked of it; then `check`
 * that it was serving (not still starting, not dead), and stop it.
 */
async function idleRss(child: ChildProcess, check: () => Promise<void>): Promise<number> {
  try {
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const rss = rssBytes(child.pid);
    await check();
    return rss;
  } finally {
    await stop({ child, url: '' });
  }
}

/**
 * Each server alone in a fresh process, alternating (licence, bare, licence, bare, …). The licence
 * server's first start has an empty compile cache, as a fresh deployment does; the later ones are
 * restarts that read it back.
 */
async function measureIdle(options: Omit<LicenceServerOptions, 'port'>, bodyBytes: number): Promise<{ first: number; restart: number[]; bare: number[] }> {
  const licence: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < IDLE_ROUNDS; round++) {
    const server = startLicenceServer({ ...options, port: await freePort() });
    licence.push(await idleRss(server.child, () => waitForHealth(server.url)));
    const baseline = spawnBareServer(bodyBytes);
    bare.push(
      await idleRss(baseline.child, async () => {
        if (!(await fetch(await baseline.url)).ok) throw new Error('The bare server did not answer');
      }),
    );
  }
  return { first: licence[0] ?? 0, restart: licence.slice(1), bare };
}

/** Closed-loop POST /v1/lease, each request with the next device's bearer token. */
function load(url: string, tokens: readonly string[], connections: number, duration: number): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/v1/lease',
        // As the app asks: lease payload version 2 (re-signed at least every minute).
        headers: { 'content-type': 'application/json' },
        body: '{"leaseVersion":2}',
        setupRequest: (request) => {
          const token = tokens[next++ % tokens.length] ?? '';
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
        },
      },
    ],
  });
}

/** Rounds of the same load on each server in turn (licence, bare, licence…) and each round's throughput ratio. */
async function alternate(licence: Server, bare: Server, run: (url: string) => Promise<autocannon.Result>, rounds: number): Promise<{ licence: Measured[]; bare: Measured[]; ratios: number[] }> {
  const result = { licence: [] as Measured[], bare: [] as Measured[], ratios: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const one = await measured(licence, () => run(licence.url));
    const other = await measured(bare, () => run(bare.url));
    result.licence.push(one);
    result.bare.push(other);
    result.ratios.push(rate([one]) / rate([other]));
  }
  return result;
}

const sum = (list: readonly Measured[], of: (m: Measured) => number) => list.reduce((total, m) => total + of(m), 0);
/** Requests per second over the rounds together. */
const rate = (list: readonly Measured[]) => sum(list, (m) => m.result.requests.total) / sum(list, (m) => m.result.duration);
/** Server CPU per request, averaged over the rounds. */
const cpu = (list: readonly Measured[]) => sum(list, (m) => m.cpuMicrosPerRequest) / list.length;

// autocannon counts timeouts among `errors` already.
const failures = (result: autocannon.Result) => result.errors + result.non2xx;

/**
 * `npm run bench -- licence`: the licence server (built bundle, its own process, SQLite with
 * 10,000 activated devices) renewing leases under autocannon, against a bare node:http server
 * (its own process) answering a body of the same size. This process is only the load
 * generator. Ratios, not absolute numbers, are the result: the machine is shared. Then each
 * server at rest: resident memory 5 s after its process starts, idle (`licence.idle_rss_ratio`).
 */
export async function runLicenceBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-licence-bench-'));
  const servers: Server[] = [];
  try {
    const file = path.join(dir, 'licence.db');
    const tokensFile = path.join(dir, 'tokens.json');
    const secret = randomBytes(32).toString('base64url');
    execFileSync(process.execPath, [path.join(import.meta.dirname, 'seed-licences.mjs'), file, String(DEVICES), secret, tokensFile], { stdio: 'inherit' });
    const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')) as string[];

    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const licence = startLicenceServer({ file, port: await freePort(), signingKey, secret, compileCache: path.join(dir, 'compile-cache') });
    servers.push(licence);
    await waitForHealth(licence.url);

    const sample = await fetch(`${licence.url}/v1/lease`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
      body: '{"leaseVersion":2}',
    });
    const sampleBody = await sample.text();
    if (!sampleBody.includes('"status":"active"')) throw new Error(`Seeded device has no active lease: ${sampleBody}`);
    const bare = await startBareServer(Buffer.byteLength(sampleBody));
    servers.push(bare);

    // Warm-up: every device renews once (its lease signed and cached, last-seen written), JITs settle.
    await load(licence.url, tokens, 100, 5);
    await load(bare.url, tokens, 100, 3);

    // Alternating short rounds, licence then bare, so that the other load on a shared machine falls
    // on both servers alike; each ratio is the median of the rounds' ratios, with its spread.
    const c100 = await alternate(licence, bare, (url) => load(url, tokens, 100, SECONDS / ROUNDS), ROUNDS);
    const licence10 = await load(licence.url, tokens, 10, C10_SECONDS);
    const c2000 = await alternate(licence, bare, (url) => load(url, tokens, 2000, C2000_SECONDS / C2000_ROUNDS), C2000_ROUNDS);
    const licenceRss = rssBytes(licence.child.pid);
    const bareRss = rssBytes(bare.child.pid);

    report('licence.devices', DEVICES, 0);
    report('licence.response_bytes', Buffer.byteLength(sampleBody), 0);
    report('licence.rps', rate(c100.licence), 0);
    report('licence.bare_rps', rate(c100.bare), 0);
    reportSpread('licence.rps_ratio', c100.ratios);
    report('licence.c100_failures', sum(c100.licence, (m) => failures(m.result)), 0);
    report('licence.c100_cpu_us_per_req', cpu(c100.licence), 1);
    report('licence.c100_bare_cpu_us_per_req', cpu(c100.bare), 1);
    report('licence.c10_p99_ms', licence10.latency.p99);
    report('licence.c10_p50_ms', licence10.latency.p50);
    report('licence.c2000_errors', sum(c2000.licence, (m) => failures(m.result)), 0);
    report('licence.c2000_timeouts', sum(c2000.licence, (m) => m.result.timeouts), 0);
    report('licence.c2000_bare_errors', sum(c2000.bare, (m) => failures(m.result)), 0);
    report('licence.c2000_rps', rate(c2000.licence), 0);
    report('licence.c2000_bare_rps', rate(c2000.bare), 0);
    reportSpread('licence.c2000_rps_ratio', c2000.ratios);
    report('licence.c2000_p99_ms', median(c2000.licence.map((m) => m.result.latency.p99)));
    report('licence.c2000_cpu_us_per_req', cpu(c2000.licence), 1);
    report('licence.c2000_bare_cpu_us_per_req', cpu(c2000.bare), 1);
    report('licence.rss_mb', licenceRss / (1024 * 1024), 1);
    report('licence.bare_rss_mb', bareRss / (1024 * 1024), 1);
    report('licence.rss_ratio', licenceRss / bareRss);

    // At rest: nothing else running (the load servers are stopped), a fresh process each.
    for (const server of servers.splice(0)) await stop(server);
    const idle = await measureIdle({ file, signingKey, secret, compileCache: path.join(dir, 'idle-compile-cache') }, Buffer.byteLength(sampleBody));
    const bareIdle = median(idle.bare);
    report('licence.idle_rss_mb', idle.first / (1024 * 1024), 1);
    report('licence.idle_restart_rss_mb', median(idle.restart) / (1024 * 1024), 1);
    report('licence.idle_bare_rss_mb', bareIdle / (1024 * 1024), 1);
    report('licence.idle_rss_ratio', idle.first / bareIdle);
    report('licence.idle_restart_rss_ratio', median(idle.restart) / bareIdle);
  } finally {
    for (const server of servers) await stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
