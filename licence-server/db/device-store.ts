import type { Kysely } from 'kysely';
import { compileOnce, preparedQuery, type ParamOf } from '@shared/db/prepared-query';
import type { LicenceDb } from './open-licence-db';
import type { LicenceDatabase } from './schema';

type Db = Kysely<LicenceDatabase>;

/** What a lease renewal needs, read in one indexed query. */
export interface DeviceLeaseRow {
  id: string;
  key_hash: string;
  last_seen_at: number | null;
  licence_id: string | null;
  activated_at: number | null;
  deactivated_at: number | null;
  licence_key: string | null;
  plan: string | null;
  status: string | null;
  grace_until: number | null;
  cycle_anchor: number | null;
  cycle_start: number | null;
  cycle_end: number | null;
  /** The server's post count (see charges/charge-migration.ts). */
  posts_cycle_start: number | null;
  posts_counted: number | null;
  /** Devices holding a seat on the device's licence (this one included when seated). */
  seated: number | string | null;
}

export interface DeviceListRow {
  id: string;
  name: string;
  os: string;
  activated_at: number | null;
  last_seen_at: number | null;
}

/**
 * A prepared query per database handle: the compiled SQL depends on the dialect (`?` or `$1`),
 * and one process may hold both (tests).
 */
function perDb<Args extends object, Row>(
  build: Parameters<typeof preparedQuery<LicenceDatabase, Args, Row>>[0],
): (db: Db, args: Args) => Promise<Row[]> {
  const byDb = new WeakMap<Db, (db: Db, args: Args) => Promise<Row[]>>();
  return (db, args) => {
    let query = byDb.get(db);
    if (!query) {
      query = preparedQuery<LicenceDatabase, Args, Row>(build);
      byDb.set(db, query);
    }
    return query(db, args);
  };
}

const buildLeaseRow = (db: Db, param: ParamOf<{ id: string }>) =>
  db
    .selectFrom('devices as d')
    .leftJoin('licences as l', 'l.id', 'd.licence_id')
    .leftJoin('licence_post_counts as pc', 'pc.licence_id', 'd.licence_id')
    .select([
      'd.id',
      'd.key_hash',
      'd.last_seen_at',
      'd.licence_id',
      'd.activated_at',
      'd.deactivated_at',
      'l.licence_key',
      'l.plan',
      'l.status',
      'l.grace_until',
      'l.cycle_anchor',
      'l.cycle_start',
      'l.cycle_end',
      'pc.cycle_start as posts_cycle_start',
      'pc.posts as posts_counted',
      // Seats in use, for a plan changed to fewer seats: one index probe (devices_licence) per renewal.
      (eb) =>
        eb
          .selectFrom('devices as s')
          .select((sb) => sb.fn.countAll().as('n'))
          .whereRef('s.licence_id', '=', 'd.licence_id')
          .where('s.deactivated_at', 'is', null)
          .as('seated'),
    ])
    .where('d.id', '=', param('id'));
const leaseRow = perDb<{ id: string }, DeviceLeaseRow>(buildLeaseRow);

/** Rows kept by the SQLite lease reader between commits; past this it starts over. */
const ROW_CACHE_LIMIT = 100_000;

/**
 * The lease renewal's read, as fast as the database allows: on SQLite a statement prepared once
 * on the read-only connection (synchronous, no queueing); on PostgreSQL the pool, with the
 * query compiled once.
 *
 * On SQLite the rows read are also kept until the database next changes: `PRAGMA data_version`
 * on the reader changes whenever any other connection (this server's writer, another process)
 * commits, and checking it costs a third of the join. So a renewal reads exactly what a fresh
 * query would, and between commits (renewals are reads) it skips the join.
 */
export function leaseRowReader(licenceDb: LicenceDb): (id: string) => Promise<DeviceLeaseRow | undefined> {
  const { reader, db } = licenceDb;
  if (!reader) return async (id) => (await leaseRow(db, { id }))[0];
  const compiled = compileOnce(buildLeaseRow)(db, { id: '' });
  const statement = reader.prepare<[string], DeviceLeaseRow>(compiled.sql);
  const dataVersion = reader.prepare<[], number>('PRAGMA data_version').pluck();
  const rows = new Map<string, DeviceLeaseRow>();
  let version: number | undefined;
  return async (id) => {
    const current = dataVersion.get();
    if (current !== version) {
      rows.clear();
      version = current;
    }
    const kept = rows.get(id);
    if (kept) return kept;
    const row = statement.get(id);
    if (row) {
      if (rows.size >= ROW_CACHE_LIMIT) rows.clear();
      rows.set(id, row);
    }
    return row;
  };
}


/** Devices: registered by their public key, optionally holding a seat on one licence. */
export const deviceStore = {
  /** Registers a device by its public key (or refreshes its name); returns its id. */
  async register(db: Db, device: { id: string; publicKey: string; keyHash: string; name: string; os: string; now: number }): Promise<string> {
    const row = await db
      .insertInto('devices')
      .values({
        id: device.id,
        public_key: device.publicKey,
        key_hash: device.keyHash,
        name: device.name,
        os: device.os,
        created_at: device.now,
        last_seen_at: device.now,
        licence_id: null,
        activated_at: null,
        deactivated_at: null,
      })
      // A known device's last_seen_at is left alone: it moves only when the device renews a lease,
      // and it ranks the seats after a downgrade (see seat-coverage.ts), so signing in must not reorder them.
      .onConflict((oc) => oc.column('public_key').doUpdateSet({ name: device.name, os: device.os }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async findForLease(db: Db, id: string): Promise<DeviceLeaseRow | undefined> {
    return (await leaseRow(db, { id }))[0];
  },

  /** Records when devices were last seen, many in one statement (see LastSeenRecorder). */
  async touchMany(db: Db, ids: readonly string[], now: number): Promise<void> {
    await db.updateTable('devices').set({ last_seen_at: now }).where('id', 'in', ids).execute();
  },

  /** Devices holding a seat on the licence, oldest activation first. */
  async listSeated(db: Db, licenceId: string): Promise<DeviceListRow[]> {
    return db
      .selectFrom('devices')
      .select(['id', 'name', 'os', 'activated_at', 'last_seen_at'])
      .where('licence_id', '=', licenceId)
      .where('deactivated_at', 'is', null)
      .orderBy('activated_at')
      .orderBy('id')
      .execute();
  },

  /** Gives the device a seat on the licence (clearing any earlier deactivation). */
  async seat(db: Db, deviceId: string, licenceId: string, now: number): Promise<void> {
    await db
      .updateTable('devices')
      .set({ licence_id: licenceId, activated_at: now, deactivated_at: null })
      .where('id', '=', deviceId)
      .execute();
  },

  /** Takes the seat away; the device keeps its licence id so its renewal can say why. */
  async unseat(db: Db, deviceId: string, licenceId: string, now: number): Promise<boolean> {
    const result = await db
      .updateTable('devices')
      .set({ deactivated_at: now })
      .where('id', '=', deviceId)
      .where('licence_id', '=', licenceId)
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
};
