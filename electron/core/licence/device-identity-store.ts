import crypto, { type KeyObject } from 'node:crypto';
import type { Database } from '../db/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { SecretUnreadableError, type SecretStore } from '../ports/secret-store';
import { deviceKeyHash, rawPublicKey } from './ed25519';
import { decryptAndRenew } from '../vault/decrypt-and-renew';

/**
 * This computer's identity towards the licence server. The private key stays inside: callers
 * can only ask for a signature.
 */
export interface DeviceIdentity {
  /** Raw 32-byte Ed25519 public key, base64url. */
  readonly publicKey: string;
  /** Hex SHA-256 of the raw public key, as leases carry it. */
  readonly keyHash: string;
  readonly deviceName: string;
  /**
   * True when this identity was made because the saved one no longer decrypted (keyring reset,
   * moved data folder): the owner has to enter the licence key again.
   */
  readonly replacedUnreadable: boolean;
  /** Ed25519 signature over the UTF-8 bytes of `message`, base64url. */
  sign(message: string): string;
}

function identityFrom(privateKey: KeyObject, deviceName: string, replacedUnreadable: boolean): DeviceIdentity {
  const publicKey = rawPublicKey(crypto.createPublicKey(privateKey));
  return {
    publicKey,
    keyHash: deviceKeyHash(publicKey),
    deviceName,
    replacedUnreadable,
    sign: (message) => crypto.sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64url'),
  };
}

/**
 * Loads the device identity from SQLite, creating it on first run. The private key is stored
 * only as SecretStore ciphertext. When that ciphertext no longer decrypts, a new identity
 * replaces it (and says so) instead of failing: the old key is gone for good either way, and
 * the owner gets their plan back by entering the licence key.
 */
export class DeviceIdentityStore {
  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async loadOrCreate(deviceName: string): Promise<DeviceIdentity> {
    const row = await this.db.selectFrom('device_identity').selectAll().where('id', '=', 1).executeTakeFirst();
    if (row === undefined) return this.create(deviceName, false);
    try {
      const stored = Buffer.from(row.private_key_ciphertext);
      const pem = await decryptAndRenew(this.secrets, stored, async (renewed) => {
        await this.db.updateTable('device_identity').set({ private_key_ciphertext: renewed }).where('id', '=', 1).execute();
      }, this.logger);
      const privateKey = crypto.createPrivateKey(pem);
      const identity = identityFrom(privateKey, row.device_name, row.replaced_unreadable_at !== null);
      // A key that decrypts but belongs to another public key is as unusable as one that does not.
      if (identity.publicKey !== row.public_key) throw new SecretUnreadableError('The saved device key does not match its public key.');
      return identity;
    } catch (error) {
      this.logger.warn('The saved device identity could not be read; making a new one', {
        reason: error instanceof SecretUnreadableError ? 'unreadable' : 'invalid',
      });
      return this.create(row.device_name, true);
    }
  }

  private async create(deviceName: string, replacingUnreadable: boolean): Promise<DeviceIdentity> {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const ciphertext = await this.secrets.encrypt(pem);
    const identity = identityFrom(privateKey, deviceName, replacingUnreadable);
    const now = this.clock.now();
    const row = {
      id: 1 as const,
      public_key: identity.publicKey,
      private_key_ciphertext: ciphertext,
      device_name: deviceName,
      created_at: now,
      replaced_unreadable_at: replacingUnreadable ? now : null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('device_identity').execute();
      await trx.insertInto('device_identity').values(row).execute();
      // A lease names the device key it was issued to; the old one can never verify again.
      if (replacingUnreadable) {
        await trx
          .updateTable('licence')
          .set({ lease: null, server_status: null, server_message: null, updated_at: now })
          .where('id', '=', 1)
          .execute();
      }
    });
    if (!replacingUnreadable) this.logger.info('Created this device\'s identity');
    return identity;
  }

  /** Forgets the "replaced" notice once the owner has a licence on the new identity. */
  async acknowledgeReplacement(): Promise<void> {
    await this.db.updateTable('device_identity').set({ replaced_unreadable_at: null }).where('id', '=', 1).execute();
  }
}
