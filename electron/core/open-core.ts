import fs from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../../shared/ipc/app-channels';
import { openDatabase, type OpenedDatabase } from './db/open-database';
import { DraftStore } from './drafts/draft-store';
import { createDraftsHandlers } from './drafts/drafts-handlers';
import type { AppHandlers } from './handler-types';
import { systemClock, type Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import { ProfileStore } from './profile/profile-store';
import { createProfileHandlers } from './profile/profile-handlers';

export const DATABASE_FILE_NAME = 'agencyiq.db';
const BIN_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface CoreOptions {
  /** The per-user folder that holds the database. */
  dataDir: string;
  logger: Logger;
  host: AppInfo['host'];
  version: string;
  clock?: Clock;
}

export interface Core {
  handlers: AppHandlers;
  database: OpenedDatabase;
  schemaVersion: number;
  close(): Promise<void>;
}

/**
 * Builds the whole core against one data folder. Both hosts call this: the Electron main
 * process and the browser host differ only in the transport they put in front of `handlers`.
 */
export async function openCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const database = openDatabase(path.join(options.dataDir, DATABASE_FILE_NAME));
  const drafts = new DraftStore(database.db, clock);
  const profile = new ProfileStore(database.db, clock);

  const emptied = await drafts.emptyBin(clock.now() - BIN_RETENTION_MS);
  if (emptied > 0) options.logger.info('Emptied old drafts from the bin', { count: emptied });
  options.logger.info('Core ready', { schemaVersion: database.schemaVersion, host: options.host });

  const handlers: AppHandlers = {
    'app.info': async () => ({ version: options.version, schemaVersion: database.schemaVersion, host: options.host }),
    ...createProfileHandlers(profile),
    ...createDraftsHandlers(drafts),
  };
  return {
    handlers,
    database,
    schemaVersion: database.schemaVersion,
    close: () => database.close(),
  };
}
