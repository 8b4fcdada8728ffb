import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SecretUnreadableError, type SecretProtection, type SecretStore } from '../ports/secret-store';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * AES-256-GCM with a caller-provided key: a real cipher, used in tests (with a test key) and by
 * the browser host (with a key file). Layout: version byte, 12-byte IV, 16-byte tag, ciphertext.
 */
export class AesGcmSecretStore implements SecretStore {
  readonly #key: Buffer;

  constructor(
    key: Buffer,
    readonly protection: SecretProtection = 'file',
  ) {
    if (key.length !== KEY_BYTES) throw new Error('AesGcmSecretStore needs a 32-byte key.');
    this.#key = Buffer.from(key);
  }

  async encrypt(plainText: string): Promise<Buffer> {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  async decrypt(cipherText: Buffer): Promise<string> {
    if (cipherText.length < 1 + IV_BYTES + TAG_BYTES || cipherText[0] !== VERSION) throw new SecretUnreadableError();
    const iv = cipherText.subarray(1, 1 + IV_BYTES);
    const tag = cipherText.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.#key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(cipherText.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretUnreadableError();
    }
  }
}

/**
 * Opens (or creates, mode 0600) a key file and returns a store over it. For the browser host,
 * which has no OS keyring: the protection is reported as `file` so the UI says so.
 */
export function openFileKeySecretStore(keyFile: string): AesGcmSecretStore {
  let key: Buffer;
  try {
    key = fs.readFileSync(keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    key = crypto.randomBytes(KEY_BYTES);
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
  }
  return new AesGcmSecretStore(key, 'file');
}
