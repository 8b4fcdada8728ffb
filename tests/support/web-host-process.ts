import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const HOST_ENTRY = path.resolve(import.meta.dirname, '../../out/web-host/main.cjs');
const READY = /AgencyIQ is running at (http:\/\/127\.0\.0\.1:\d+\/)/;

export interface RunningWebHost {
  url: string;
  process: ChildProcess;
  /** Asks the host to shut down cleanly (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Sends a signal (e.g. SIGKILL for a crash) and waits for the process to be gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the built browser host (`npm run build` first) on a free port against `dataDir`
 * and resolves once it prints its URL.
 */
export async function startWebHost(options: { dataDir: string; timeoutMs?: number }): Promise<RunningWebHost> {
  if (!fs.existsSync(HOST_ENTRY)) throw new Error(`${HOST_ENTRY} is missing: run "npm run build" first.`);
  const child = spawn(process.execPath, [HOST_ENTRY, '--data-dir', options.dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${stderr}`)), options.timeoutMs ?? 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = READY.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code} before it was ready: ${stderr}`));
    });
  });

  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { url, process: child, stop: () => signal('SIGTERM'), kill: signal };
}
