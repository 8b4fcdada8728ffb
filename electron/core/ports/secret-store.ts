/**
 * Encrypts small secrets (OAuth tokens, the device's private key) before they touch the disk.
 * The Electron shell backs it with the OS keyring through safeStorage; tests and the browser
 * host use `AesGcmSecretStore`. Only ciphertext is ever written to SQLite.
 */
export interface SecretStore {
  /** Where the key lives, so the UI can be honest about how well tokens are protected. */
  readonly protection: SecretProtection;
  encrypt(plainText: string): Promise<Buffer>;
  /** Throws `SecretUnreadableError` when the blob no longer decrypts (keyring reset, corruption). */
  decrypt(cipherText: Buffer): Promise<string>;
  /**
   * Like `decrypt`, and says whether the blob should be encrypted again and stored (Electron's
   * `shouldReEncrypt`: the OS key changed or the blob uses an older format). Optional: stores
   * without key rotation never ask.
   */
  decryptForRenewal?(cipherText: Buffer): Promise<{ plainText: string; shouldReEncrypt: boolean }>;
}

/**
 * `keyring`: the OS keychain/keyring holds the key. `weak`: Linux `basic_text`, where Chromium
 * uses a hard-coded password, so the owner must be told. `file`: a key file next to the data
 * (browser host and tests only).
 */
export type SecretProtection = 'keyring' | 'weak' | 'file';

/** A stored secret that cannot be decrypted any more; callers degrade, they never crash. */
export class SecretUnreadableError extends Error {
  constructor(message = 'A stored secret could not be decrypted.') {
    super(message);
    this.name = 'SecretUnreadableError';
  }
}
