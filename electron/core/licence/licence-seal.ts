import crypto from 'node:crypto';
import type { Database } from '../db/schema';
import { SecretUnreadableError, type SecretStore } from '../ports/secret-store';

/** The licence-row fields the app's decisions rest on; the MAC covers exactly these. */
export interface SealedFields {
  lease: string | null;
  clockHighWater: number;
  clockOffset: number;
  lastSyncAt: number | null;
  needsCheck: boolean;
  usageFloorCycle: number | null;
  usageFloor: number;
}

/**
 * An HMAC-SHA256 key kept only as SecretStore ciphertext (so the database alone cannot forge a
 * MAC), over the licence row's fields. Editing the clock offset, the high-water mark, the lease
 * or the usage floor in the database makes the MAC fail; the app then treats the row as
 * unverified and checks with the server before publishing again.
 */
export class LicenceSeal {
  private constructor(private readonly key: Buffer) {}

  /** The seal for a key already read (tests that seed a licence row as a sync would). */
  static fromKeyText(keyText: string): LicenceSeal {
    return new LicenceSeal(Buffer.from(keyText, 'base64url'));
  }

  /**
   * Loads the key from the licence row, or makes one when there is none or it no longer
   * decrypts (a row sealed with a lost key then reads as unverified, as it should).
   */
  static async open(db: Database, secrets: SecretStore): Promise<LicenceSeal> {
    const row = await db.selectFrom('licence').select('mac_key_ciphertext').where('id', '=', 1).executeTakeFirst();
    if (row?.mac_key_ciphertext) {
      try {
        return LicenceSeal.fromKeyText(await secrets.decrypt(Buffer.from(row.mac_key_ciphertext)));
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
      }
    }
    const key = crypto.randomBytes(32);
    const ciphertext = await secrets.encrypt(key.toString('base64url'));
    if (row === undefined) {
      // A first start: the empty row is sealed at once, so a row deleted later is not "new".
      const seal = new LicenceSeal(key);
      await db
        .insertInto('licence')
        .values({ ...EMPTY_ROW, updated_at: 0, mac_key_ciphertext: ciphertext, state_mac: seal.mac(EMPTY_FIELDS) })
        .execute();
      return seal;
    }
    await db.updateTable('licence').set({ mac_key_ciphertext: ciphertext }).where('id', '=', 1).execute();
    return new LicenceSeal(key);
  }

  mac(fields: SealedFields): string {
    const canonical = JSON.stringify([
      'agencyiq-licence-state:v1',
      fields.lease,
      fields.clockHighWater,
      fields.clockOffset,
      fields.lastSyncAt,
      fields.needsCheck,
      fields.usageFloorCycle,
      fields.usageFloor,
    ]);
    return crypto.createHmac('sha256', this.key).update(canonical).digest('base64url');
  }

  /** Constant-time comparison of the stored MAC with the fields' MAC. */
  holds(fields: SealedFields, stored: string | null): boolean {
    if (stored === null) return false;
    const expected = Buffer.from(this.mac(fields));
    const given = Buffer.from(stored);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }
}

const EMPTY_FIELDS: SealedFields = { lease: null, clockHighWater: 0, clockOffset: 0, lastSyncAt: null, needsCheck: false, usageFloorCycle: null, usageFloor: 0 };
const EMPTY_ROW = {
  id: 1 as const,
  lease: null,
  clock_high_water: 0,
  licence_key: null,
  server_status: null,
  server_message: null,
  last_sync_at: null,
  clock_offset: 0,
  needs_check: 0 as const,
  usage_floor_cycle: null,
  usage_floor: 0,
};
