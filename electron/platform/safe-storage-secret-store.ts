import { safeStorage } from 'electron';
import { SecretUnreadableError, type SecretProtection, type SecretStore } from '../core/ports/secret-store';

/**
 * The SecretStore of the real app: Electron's async safeStorage (Keychain, DPAPI, libsecret or
 * kwallet; `basic_text` on Linux without a keyring, reported as `weak`). Call after
 * `app.whenReady()`. Resolves to null when nothing can encrypt: the app still starts (drafting
 * needs no secrets) and the core's SecretStorageGate keeps connections and the licence waiting.
 */
export async function createSafeStorageSecretStore(): Promise<SecretStore | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return null;
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const protection: SecretProtection = backend === 'basic_text' ? 'weak' : 'keyring';
  const decryptForRenewal = async (cipherText: Buffer): Promise<{ plainText: string; shouldReEncrypt: boolean }> => {
    try {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(cipherText);
      return { plainText: result, shouldReEncrypt };
    } catch {
      throw new SecretUnreadableError();
    }
  };
  return {
    protection,
    encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
    decrypt: async (cipherText) => (await decryptForRenewal(cipherText)).plainText,
    decryptForRenewal,
  };
}
