import type { Logger } from '../ports/logger';
import type { SecretStore } from '../ports/secret-store';

/**
 * Decrypts a stored secret and, when the store says the blob should be encrypted again (the OS
 * key changed: Electron's `shouldReEncrypt`), seals it anew and hands the new blob to `store`,
 * so the next key change cannot strand it. A failed renewal is logged, never thrown: the secret
 * was read, and the old blob still decrypts.
 */
export async function decryptAndRenew(
  secrets: SecretStore,
  cipherText: Buffer,
  store: (renewed: Buffer) => Promise<void>,
  logger: Logger | null,
): Promise<string> {
  if (secrets.decryptForRenewal === undefined) return secrets.decrypt(cipherText);
  const { plainText, shouldReEncrypt } = await secrets.decryptForRenewal(cipherText);
  if (shouldReEncrypt) {
    try {
      await store(await secrets.encrypt(plainText));
    } catch (error) {
      logger?.warn('A saved secret could not be re-encrypted with the new key', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }
  return plainText;
}
