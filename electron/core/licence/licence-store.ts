import { preparedQuery } from '@shared/db/prepared-query';
import type { Database, LicenceTable } from '../db/schema';
import type { Clock } from '../ports/clock';
import type { ServerLicenceStatus } from './licence-state';

/** The `licence` row (id = 1) as the licence domain uses it. */
export interface StoredLicence {
  /** The signed lease as the server sent it; verified again on every read. */
  lease: string | null;
  clockHighWater: number;
  licenceKey: string | null;
  serverStatus: ServerLicenceStatus | null;
  serverMessage: string | null;
  lastSyncAt: number | null;
  clockOffset: number;
}

const EMPTY: StoredLicence = {
  lease: null,
  clockHighWater: 0,
  licenceKey: null,
  serverStatus: null,
  serverMessage: null,
  lastSyncAt: null,
  clockOffset: 0,
};

// Read before every publish (the lease): built and compiled once (shared/db/prepared-query.ts).
const licenceRow = preparedQuery((db: Database, _args: Record<string, never>) => db.selectFrom('licence').selectAll().where('id', '=', 1));

/** Reads and writes the single licence row; a missing row reads as "no licence yet". */
export class LicenceStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async read(): Promise<StoredLicence> {
    const row = (await licenceRow(this.db, {}))[0];
    if (row === undefined) return { ...EMPTY };
    return {
      lease: row.lease,
      clockHighWater: row.clock_high_water,
      licenceKey: row.licence_key,
      serverStatus: row.server_status,
      serverMessage: row.server_message,
      lastSyncAt: row.last_sync_at,
      clockOffset: row.clock_offset,
    };
  }

  /** Writes the fields given (creating the row if needed), in one statement. */
  async write(changes: Partial<StoredLicence>): Promise<void> {
    const set: Partial<Omit<LicenceTable, 'id'>> = { updated_at: this.clock.now() };
    if (changes.lease !== undefined) set.lease = changes.lease;
    if (changes.clockHighWater !== undefined) set.clock_high_water = changes.clockHighWater;
    if (changes.licenceKey !== undefined) set.licence_key = changes.licenceKey;
    if (changes.serverStatus !== undefined) set.server_status = changes.serverStatus;
    if (changes.serverMessage !== undefined) set.server_message = changes.serverMessage;
    if (changes.lastSyncAt !== undefined) set.last_sync_at = changes.lastSyncAt;
    if (changes.clockOffset !== undefined) set.clock_offset = changes.clockOffset;
    await this.db
      .insertInto('licence')
      .values({
        id: 1,
        lease: null,
        clock_high_water: 0,
        licence_key: null,
        server_status: null,
        server_message: null,
        last_sync_at: null,
        clock_offset: 0,
        ...set,
        updated_at: this.clock.now(),
      })
      .onConflict((oc) => oc.column('id').doUpdateSet(set))
      .execute();
  }
}
