import { safeStorage } from 'electron';
import { SecretUnreadableError, type SecretProtection, type SecretStore } from '../core/ports/secret-store';

/**
 * The SecretStore of the real app: Electron's async safeStorage (Keychain, DPAPI, libsecret or
 * kwallet). Call after `app.whenReady()`. Refuses to start without encryption rather than
 * writing tokens in plain text.
 */
export async function createSafeStorageSecretStore(): Promise<SecretStore> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new Error('This computer offers no way to encrypt saved sign-ins, so AgencyIQ cannot store them safely.');
  }
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const protection: SecretProtection = backend === 'basic_text' ? 'weak' : 'keyring';
  return {
    protection,
    encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
    async decrypt(cipherText) {
      try {
        const { result } = await safeStorage.decryptStringAsync(cipherText);
        return result;
      } catch {
        throw new SecretUnreadableError();
      }
    },
  };
}
