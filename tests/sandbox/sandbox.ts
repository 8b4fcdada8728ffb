import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPEN_EXTERNAL_PREFIX } from '../../electron/web-host/open-external-line';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { parseSandboxArgs } from './sandbox-args';
import { startSandboxServices, type SandboxServices } from './sandbox-services';

// `npm run sandbox`: the browser host (the same app, configured by environment variables only)
// with every remote service played locally: a newcomer can connect the networks, buy a plan and
// publish without an account anywhere. A development tool, like the fakes it reuses.

/** The line the e2e test and a person read first: the exact address the browser host printed. */
export const SANDBOX_READY_PREFIX = 'Open AgencyIQ: ';

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The system browser, best effort: the address is always printed as well. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

function guide(host: WebHostProcess, services: SandboxServices, dataDir: string, throwaway: boolean): string {
  const { urls } = services;
  return [
    '',
    'AgencyIQ sandbox — nothing leaves this computer.',
    '',
    `${SANDBOX_READY_PREFIX}${host.url}`,
    '',
    'Everything remote is a local stand-in on 127.0.0.1:',
    `  licence server   ${urls.licenceServer}  (sells plans through the fake Stripe at ${urls.stripe})`,
    `  X                ${urls.x}`,
    `  LinkedIn         ${urls.linkedin}`,
    `  Facebook         ${urls.facebook}`,
    `Data folder: ${dataDir}${throwaway ? ' (thrown away when the sandbox stops)' : ''}`,
    '',
    'Things to try:',
    '  1. Plan: choose Growth, then press Pay on the fake Stripe page (no card, nothing charged).',
    '  2. Connections: connect X, LinkedIn and Facebook (LinkedIn and Facebook need the plan). Each opens a local sign-in page: press Approve.',
    '  3. Compose: write a post, tick X (and LinkedIn, Facebook), then Publish now or schedule it a minute ahead.',
    '  4. Publishing: open "View on X" to see the post on the local X.',
    '',
    'Pages the app opens in your browser are listed here as it opens them.',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseSandboxArgs(process.argv.slice(2));
  const throwaway = args.dataDir === null;
  const dataDir = args.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-sandbox-'));
  // Only a person at a terminal gets pages opened for them; a test or a pipe gets the lines.
  const openPages = args.open && process.stdout.isTTY === true;
  say('Starting the AgencyIQ sandbox…');

  const services = await startSandboxServices();
  let host: WebHostProcess;
  try {
    host = await startWebHost({ dataDir, port: args.port, env: services.hostEnv });
  } catch (error) {
    await services.stop();
    throw error;
  }
  services.connectApp({ deliver: (link) => host.deliverDeepLink(link) });

  // Each page the app asks to open (a sign-in, the payment page) is printed by the host on its
  // stdout; pass it on, and open it when a person is there.
  let pending = '';
  host.process.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith(OPEN_EXTERNAL_PREFIX)) continue;
      say(line);
      if (openPages) openInBrowser(line.slice(OPEN_EXTERNAL_PREFIX.length));
    }
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('Stopping the sandbox…');
    // Ctrl+C reaches the host too (same process group); stop() waits for its clean exit either way.
    await host.stop().catch((error: unknown) => say(error instanceof Error ? error.message : String(error)));
    await services.stop();
    if (throwaway) fs.rmSync(dataDir, { recursive: true, force: true });
    say('Sandbox stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  host.process.once('exit', (code) => {
    if (stopping) return;
    say(`The app stopped by itself (exit code ${code}). Its log: ${path.join(dataDir, 'logs', 'main.log')}`);
    void stop(1);
  });

  say(guide(host, services, dataDir, throwaway));
  if (openPages) openInBrowser(host.url);
}

main().catch((error: unknown) => {
  process.stderr.write(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
