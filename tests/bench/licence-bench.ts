import autocannon from 'autocannon';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { report } from './measure';

const DEVICES = 10_000;
/**
 * How the server is run in production (package.json's `licence-server` script): V8 sized for
 * memory rather than peak speed. The bench measures the server as deployed; its CPU cost shows
 * in `licence.c100_cpu_us_per_req`.
 */
export const LICENCE_SERVER_NODE_FLAGS = ['--optimize-for-size'];
const SECONDS = 10;
const C2000_SECONDS = 20;
const ROUNDS = 5;

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

// autocannon counts timeouts among `errors` already.
const failures = (result: autocannon.Result) => result.errors + result.non2xx;

/**
 * `npm run bench -- licence`: the licence server (built bundle, its own process, SQLite with
 * 10,000 activated devices) renewing leases under autocannon, against a bare node:http server
 * (its own process) answering a body of the same size. This process is only the load
 * generator. Ratios, not absolute numbers, are the result: the machine is shared.
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

    const port = await freePort();
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const serverMain = path.join(import.meta.dirname, '..', 'licence-server', 'main.cjs');
    const licence: Server = {
      // LICENCE_BENCH_PROFILE=dir writes the server's CPU profile there (to see where the time goes).
      child: spawn(process.execPath, [
          ...LICENCE_SERVER_NODE_FLAGS,
          ...(process.env['LICENCE_BENCH_PROFILE'] ? [`--cpu-prof`, `--cpu-prof-dir=${process.env['LICENCE_BENCH_PROFILE']}`] : []),
          serverMain,
        ], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          LICENCE_DB_PATH: file,
          DATABASE_URL: '',
          STRIPE_SECRET_KEY: 'sk_test_benchNeverCalled',
          STRIPE_WEBHOOK_SECRET: 'whsec_bench',
          STRIPE_PRICE_STARTER: 'price_s',
          STRIPE_PRICE_GROWTH: 'price_g',
          STRIPE_PRICE_PROFESSIONAL: 'price_p',
          LICENCE_SIGNING_KEY: signingKey,
          SESSION_SECRET: secret,
          LOG_LEVEL: 'warn',
        },
      }),
      url: `http://127.0.0.1:${port}`,
    };
    servers.push(licence);
    await waitForHealth(licence.url);

    const sample = await fetch(`${licence.url}/v1/lease`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
      body: '{"leaseVersion":2}',
    });
    const sampleBody = await sample.text();
    if (!sampleBody.includes('"status":"active"')) throw new Error(`Seeded device has no active lease: ${sampleBody}`);
    const bareChild = spawn(process.execPath, [path.join(import.meta.dirname, 'bare-server.mjs'), String(Buffer.byteLength(sampleBody))], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const barePort = await new Promise<string>((resolve) => bareChild.stdout?.once('data', (data: Buffer) => resolve(data.toString().trim())));
    const bare: Server = { child: bareChild, url: `http://127.0.0.1:${barePort}` };
    servers.push(bare);

    // Warm-up: every device renews once (its lease signed and cached, last-seen written), JITs settle.
    await load(licence.url, tokens, 100, 5);
    await load(bare.url, tokens, 100, 3);

    // 100 connections: alternating short rounds, so that the other load on a shared machine falls
    // on both servers alike; throughput is the total over all rounds.
    const rounds = { licence: [] as Measured[], bare: [] as Measured[] };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.licence.push(await measured(licence, () => load(licence.url, tokens, 100, SECONDS / ROUNDS)));
      rounds.bare.push(await measured(bare, () => load(bare.url, tokens, 100, SECONDS / ROUNDS)));
    }
    const rate = (list: Measured[]) => list.reduce((sum, m) => sum + m.result.requests.total, 0) / list.reduce((sum, m) => sum + m.result.duration, 0);
    const cpu = (list: Measured[]) => list.reduce((sum, m) => sum + m.cpuMicrosPerRequest, 0) / list.length;
    const licence10 = await load(licence.url, tokens, 10, SECONDS);
    const licence2000 = await measured(licence, () => load(licence.url, tokens, 2000, C2000_SECONDS));
    const bare2000 = await measured(bare, () => load(bare.url, tokens, 2000, C2000_SECONDS));
    const licenceRss = rssBytes(licence.child.pid);
    const bareRss = rssBytes(bare.child.pid);

    report('licence.devices', DEVICES, 0);
    report('licence.response_bytes', Buffer.byteLength(sampleBody), 0);
    report('licence.rps', rate(rounds.licence), 0);
    report('licence.bare_rps', rate(rounds.bare), 0);
    report('licence.rps_ratio', rate(rounds.licence) / rate(rounds.bare));
    report('licence.c100_failures', rounds.licence.reduce((sum, m) => sum + failures(m.result), 0), 0);
    report('licence.c100_cpu_us_per_req', cpu(rounds.licence), 1);
    report('licence.c100_bare_cpu_us_per_req', cpu(rounds.bare), 1);
    report('licence.c10_p99_ms', licence10.latency.p99);
    report('licence.c10_p50_ms', licence10.latency.p50);
    report('licence.c2000_errors', failures(licence2000.result), 0);
    report('licence.c2000_timeouts', licence2000.result.timeouts, 0);
    report('licence.c2000_bare_errors', failures(bare2000.result), 0);
    report('licence.c2000_rps', licence2000.result.requests.total / licence2000.result.duration, 0);
    report('licence.c2000_bare_rps', bare2000.result.requests.total / bare2000.result.duration, 0);
    report('licence.c2000_rps_ratio', licence2000.result.requests.total / licence2000.result.duration / (bare2000.result.requests.total / bare2000.result.duration));
    report('licence.c2000_p99_ms', licence2000.result.latency.p99);
    report('licence.c2000_cpu_us_per_req', licence2000.cpuMicrosPerRequest, 1);
    report('licence.c2000_bare_cpu_us_per_req', bare2000.cpuMicrosPerRequest, 1);
    report('licence.rss_mb', licenceRss / (1024 * 1024), 1);
    report('licence.bare_rss_mb', bareRss / (1024 * 1024), 1);
    report('licence.rss_ratio', licenceRss / bareRss);
  } finally {
    for (const server of servers) await stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
