import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OFFLINE_SERVICES_ENV } from './core-fixture';
import { OPEN_EXTERNAL_PREFIX } from '../../electron/web-host/open-external-line';

const HOST_ENTRY = fileURLToPath(new URL('../../out/web-host/main.cjs', import.meta.url));
// The printed address carries the launch's key in its fragment (shared/ipc/web-host-key.ts).
const READY_LINE = /AgencyIQ is running at (http:\/\/127\.0\.0\.1:\d+\/#k=[A-Za-z0-9_-]{43})\n/;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export interface WebHostProcess {
  /**
   * The address the host printed, e.g. http://127.0.0.1:41234/#k=<key>. Open it as printed; a
   * route may be appended (`url + '#/drafts'`), the page's bridge takes the key out first.
   */
  url: string;
  process: ChildProcessWithoutNullStreams;
  /** Everything the host wrote to stderr so far (its log), for failure messages. */
  log(): string;
  /** Delivers an `agencyiq://` link to the app, as the OS would when a browser page opens one. */
  deliverDeepLink(link: string): void;
  /** Every page the app asked to open in the owner's browser, in order. */
  openedUrls(): string[];
  /** Resolves with the first opened page (after `after` of them) matching `test`. */
  waitForOpenedUrl(test: (url: string) => boolean, options?: { after?: number; timeoutMs?: number }): Promise<string>;
  /** SIGTERM, then waits for a clean exit (code 0); rejects if it does not exit cleanly in time. */
  stop(): Promise<void>;
  /** Sends `signal` (SIGKILL by default, to simulate a crash) and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartWebHostOptions {
  dataDir: string;
  /** 0 (the default) lets the system pick a free port. */
  port?: number;
  /** Extra configuration (server URLs, endpoint overrides), on top of this process's env. */
  env?: Record<string, string>;
  /** The built host's main file; default `out/web-host/main.cjs` beside this repository's tests (a bundled bench names its own). */
  entry?: string;
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Starts the built browser host (`npm run build` first) on `dataDir` and resolves once it has
 * printed the address it serves, the same line `npm run web` prints.
 */
export async function startWebHost({ dataDir, port = 0, env = {}, entry = HOST_ENTRY }: StartWebHostOptions): Promise<WebHostProcess> {
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first.`);
  const child = spawn(process.execPath, [entry, '--data-dir', dataDir, '--port', String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...OFFLINE_SERVICES_ENV, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The web host did not start within ${START_TIMEOUT_MS} ms.\n${stdout}${stderr}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const match = READY_LINE.exec(stdout);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      resolve(match[1]);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited before it was ready (code ${code}, signal ${signal}).\n${stdout}${stderr}`));
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const done = exited(child);
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await done;
  };

  const stop = async () => {
    const done = exited(child);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
    });
    const outcome = await Promise.race([done, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      await kill('SIGKILL');
      throw new Error(`The web host did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM.\n${stderr}`);
    }
    if (outcome.code !== 0) {
      throw new Error(`The web host stopped uncleanly (code ${outcome.code}, signal ${outcome.signal}).\n${stderr}`);
    }
  };

  const openedUrls = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith(OPEN_EXTERNAL_PREFIX))
      .map((line) => line.slice(OPEN_EXTERNAL_PREFIX.length));

  const waitForOpenedUrl: WebHostProcess['waitForOpenedUrl'] = async (test, { after = 0, timeoutMs = 10_000 } = {}) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = openedUrls().slice(after).find(test);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`The app opened no matching page within ${timeoutMs} ms.\n${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const deliverDeepLink = (link: string) => {
    child.stdin.write(`${link}\n`);
  };

  return { url, process: child, log: () => stderr, openedUrls, waitForOpenedUrl, deliverDeepLink, stop, kill };
}
