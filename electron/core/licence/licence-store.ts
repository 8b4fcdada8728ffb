import { preparedQuery } from '@shared/db/prepared-query';
import type { Database, LicenceTable } from '../db/schema';
import type { Clock } from '../ports/clock';
import type { ServerLicenceStatus } from './licence-state';
import type { LicenceSeal, SealedFields } from './licence-seal';

/** The `licence` row (id = 1) as the licence domain uses it. */
export interface StoredLicence extends SealedFields {
  /** The signed lease as the server sent it; verified again on every read. */
  lease: string | null;
  licenceKey: string | null;
  serverStatus: ServerLicenceStatus | null;
  serverMessage: string | null;
}

/** What was read, and whether its MAC holds (false: edited outside the app, or not sealed yet). */
export type StoredLicenceReading = StoredLicence & { sealed: boolean };

const EMPTY: StoredLicence = {
  lease: null,
  clockHighWater: 0,
  licenceKey: null,
  serverStatus: null,
  serverMessage: null,
  lastSyncAt: null,
  clockOffset: 0,
  needsCheck: false,
  usageFloorCycle: null,
  usageFloor: 0,
};

// Read before every publish (the lease): built and compiled once (shared/db/prepared-query.ts).
const licenceRow = preparedQuery((db: Database) => db.selectFrom('licence').selectAll().where('id', '=', 1));

function fromRow(row: LicenceTable | undefined): StoredLicence & { stateMac: string | null } {
  if (row === undefined) return { ...EMPTY, stateMac: null };
  return {
    lease: row.lease,
    clockHighWater: row.clock_high_water,
    licenceKey: row.licence_key,
    serverStatus: row.server_status,
    serverMessage: row.server_message,
    lastSyncAt: row.last_sync_at,
    clockOffset: row.clock_offset,
    needsCheck: row.needs_check === 1,
    usageFloorCycle: row.usage_floor_cycle,
    usageFloor: row.usage_floor,
    stateMac: row.state_mac,
  };
}

/**
 * Reads and writes the single licence row, sealed with a MAC (licence-seal.ts). A missing row
 * reads as unsealed: the seal creates the row at first start, so a missing one was removed.
 */
export class LicenceStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly seal: LicenceSeal,
  ) {}

  async read(): Promise<StoredLicenceReading> {
    const { stateMac, ...stored } = fromRow((await licenceRow(this.db, {}))[0]);
    return { ...stored, sealed: this.seal.holds(stored, stateMac) };
  }

  /**
   * Writes the fields given, in one transaction with the MAC. A row that is not sealed stays
   * unsealed (so no ordinary write can launder an edited row) unless `reseal` is set: only a
   * fresh answer from the server, which replaces what the MAC covers, may do that.
   */
  async write(changes: Partial<StoredLicence>, options: { reseal?: boolean } = {}): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = fromRow(await trx.selectFrom('licence').selectAll().where('id', '=', 1).executeTakeFirst());
      const { stateMac, ...before } = current;
      const next: StoredLicence = { ...before };
      for (const [key, value] of Object.entries(changes) as [keyof StoredLicence, never][]) {
        if (value !== undefined) next[key] = value;
      }
      const sealed = options.reseal === true || this.seal.holds(before, stateMac);
      const set: Omit<LicenceTable, 'id' | 'mac_key_ciphertext'> = {
        lease: next.lease,
        clock_high_water: next.clockHighWater,
        licence_key: next.licenceKey,
        server_status: next.serverStatus,
        server_message: next.serverMessage,
        last_sync_at: next.lastSyncAt,
        clock_offset: next.clockOffset,
        needs_check: next.needsCheck ? 1 : 0,
        usage_floor_cycle: next.usageFloorCycle,
        usage_floor: next.usageFloor,
        state_mac: sealed ? this.seal.mac(next) : null,
        updated_at: this.clock.now(),
      };
      await trx
        .insertInto('licence')
        .values({ id: 1, ...set, mac_key_ciphertext: null })
        .onConflict((oc) => oc.column('id').doUpdateSet(set))
        .execute();
    });
  }
}
