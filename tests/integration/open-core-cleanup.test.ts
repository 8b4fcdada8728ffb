import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backgroundWorkerFile } from '../support/background-worker-file';
import { DATABASE_FILE_NAME, openCore } from '../../electron/core/open-core';
import { silentLogger } from '../../electron/core/ports/logger';
import { PublishConfigError } from '../../electron/core/platforms/platform-adapters';
import { OFFLINE_SERVICES_ENV, openTestCore, tempDataDir } from '../support/core-fixture';
import { ManualTimers } from '../support/fake-updater';
import { recordingShell, testSecretStore } from '../support/test-ports';

// Every domain is opened through one list (open-core.ts): when one fails to open, the ones
// opened before it are closed, in reverse order, and so is the database. Nothing keeps running
// against a database the app could not start on.

const data = tempDataDir('agencyiq-open-core-cleanup-');
afterEach(() => {
  fs.rmSync(data.dir, { recursive: true, force: true });
  fs.mkdirSync(data.dir, { recursive: true });
});

describe('opening the core', () => {
  it('closes the domains opened before one that fails, and the database', async () => {
    const timers = new ManualTimers();
    const opening = openCore({
      dataDir: data.dir,
      backgroundWorkerFile: backgroundWorkerFile(),
      logger: silentLogger,
      host: 'browser',
      version: '0.0.0-test',
      secretStore: testSecretStore(),
      shell: recordingShell(),
      // The Results domain (opened after licence, connections, publishing and media) reads the X
      // address itself when the adapters are injected; a malformed one stops it from opening.
      env: { ...OFFLINE_SERVICES_ENV, AGENCYIQ_PUBLISH_X_URL: 'not a url' },
      allowDevOverrides: true,
      platformAdapters: {},
      timers,
      logsFolder: data.dir,
      saveDialog: { chooseSavePath: async () => null },
    });
    await expect(opening).rejects.toBeInstanceOf(PublishConfigError);
    // The media library's sweep (armed when it opened) was cleared when it closed: nothing is left pending.
    expect(timers.delays()).toEqual([]);
    // The database was closed: SQLite checkpoints and removes the WAL when its last connection closes.
    expect(fs.existsSync(path.join(data.dir, `${DATABASE_FILE_NAME}-wal`))).toBe(false);
    expect(fs.existsSync(path.join(data.dir, DATABASE_FILE_NAME))).toBe(true);
  });

  it('opens on the same folder afterwards, with every domain started', async () => {
    const timers = new ManualTimers();
    const { core, call } = await openTestCore(data.dir, { timers });
    try {
      expect((await call('app.info', {})).schemaVersion).toBe(core.schemaVersion);
      expect(await call('drafts.list', {})).toBeDefined();
    } finally {
      await core.close();
    }
    expect(timers.delays()).toEqual([]);
    expect(fs.existsSync(path.join(data.dir, `${DATABASE_FILE_NAME}-wal`))).toBe(false);
  });
});
