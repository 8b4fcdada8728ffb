import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startWebHost, type WebHostProcess } from '../../support/web-host-process';
import { launchChromium } from './browser';

// The set-up an end-to-end file shares with the others: one headless Chromium and one data
// folder for the whole file, the browser host on that folder (started here or by the tests, which
// may stop and start it again on the same folder), and the list of problems the pages report.
// After the last test the host is killed, Chromium closed and the folder removed.

/** Where the end-to-end tests leave their screenshots (`test-artifacts/screenshots/`, not in git). */
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));

export interface AppSessionOptions {
  /** The temporary data folder's prefix, so a folder left behind says which file made it. */
  dataPrefix: string;
  /**
   * Start the browser host before the first test (for files whose tests all share one run of it).
   * A file whose host needs stand-ins started first starts it in its own beforeAll instead.
   */
  startHost?: boolean;
}

export interface AppSession {
  readonly browser: Browser;
  readonly dataDir: string;
  /** The running browser host; undefined before `startHost` and after `stopHost`. */
  readonly host: WebHostProcess | undefined;
  /** What the pages reported that a clean run never shows (see watchPage); a test expects it empty. */
  readonly problems: string[];
  /** Starts the browser host on this file's data folder, with `env` on top (the fakes' URLs…). */
  startHost(env?: Record<string, string>): Promise<WebHostProcess>;
  /** Stops the host cleanly (it must exit 0), so the next start opens the same folder afresh. */
  stopHost(): Promise<void>;
}

/** Registers the file's beforeAll/afterAll and returns the session; call once at a test file's top level. */
export function appSession(options: AppSessionOptions): AppSession {
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  let host: WebHostProcess | undefined;
  const problems: string[] = [];

  const session: AppSession = {
    get browser() {
      if (browser === undefined) throw new Error('Chromium is launched in beforeAll');
      return browser;
    },
    get dataDir() {
      if (dataDir === undefined) throw new Error('The data folder is made in beforeAll');
      return dataDir;
    },
    get host() {
      return host;
    },
    problems,
    startHost: async (env = {}) => {
      host = await startWebHost({ dataDir: session.dataDir, env });
      return host;
    },
    stopHost: async () => {
      await host?.stop();
      host = undefined;
    },
  };

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), options.dataPrefix));
    browser = await launchChromium();
    if (options.startHost) await session.startHost();
  }, 60_000);

  afterAll(async () => {
    await host?.kill();
    await browser?.close();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  return session;
}
