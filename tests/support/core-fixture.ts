import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type Core, type CoreOptions } from '../../electron/core/open-core';
import { silentLogger } from '../../electron/core/ports/logger';
import type { Notifier } from '../../electron/core/ports/notifier';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import type { ChannelName, RequestOf, ResponseOf } from '@shared/ipc/contract';
import type { AppNotification } from '@shared/ipc/app-channels';
import { backgroundWorkerFile } from './background-worker-file';
import { recordingShell, testSecretStore, type RecordingShell } from './test-ports';

/**
 * Points the services the core calls by itself (the licence sync at start, publishing) at a closed local
 * port, so no test ever reaches a production server; tests that need one pass its URL.
 */
export const OFFLINE_SERVICES_ENV: Readonly<Record<string, string>> = {
  AGENCYIQ_LICENCE_SERVER_URL: 'http://127.0.0.1:9',
  AGENCYIQ_PUBLISH_FACEBOOK_URL: 'http://127.0.0.1:9',
  AGENCYIQ_PUBLISH_INSTAGRAM_URL: 'http://127.0.0.1:9',
  AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL: 'http://127.0.0.1:9',
  AGENCYIQ_PUBLISH_LINKEDIN_URL: 'http://127.0.0.1:9',
  AGENCYIQ_PUBLISH_X_URL: 'http://127.0.0.1:9',
};

/** A temporary data folder, removed by the returned function. */
export function tempDataDir(prefix = 'agencyiq-core-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A Notifier that keeps what it was asked to show. */
export function recordingNotifier(): Notifier & { shown: AppNotification[] } {
  const shown: AppNotification[] = [];
  return { shown, show: (notification) => shown.push(notification) };
}

export interface TestCore {
  core: Core;
  shell: RecordingShell;
  /** Calls a channel through the real dispatcher (schemas included); throws on an error answer. */
  call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
}

/** The real core on `dataDir` with test ports; anything in `overrides` replaces the defaults. */
export async function openTestCore(dataDir: string, overrides: Partial<CoreOptions> = {}): Promise<TestCore> {
  const shell = recordingShell();
  const core = await openCore({
    dataDir,
    logger: silentLogger,
    host: 'browser',
    version: '9.9.9-test',
    secretStore: testSecretStore(),
    shell,
    logsFolder: path.join(dataDir, 'logs'),
    saveDialog: { chooseSavePath: async ({ defaultFileName }) => path.join(dataDir, defaultFileName) },
    // Like the browser host: OFFLINE_SERVICES_ENV and the tests' fakes are overrides a packaged app ignores.
    allowDevOverrides: true,
    backgroundWorkerFile: backgroundWorkerFile(),
    ...overrides,
    env: { ...OFFLINE_SERVICES_ENV, ...overrides.env },
  });
  const dispatch = createDispatcher(core.handlers, silentLogger);
  const call = async <C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const result = await dispatch(channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ResponseOf<C>;
  };
  return { core, shell, call };
}
