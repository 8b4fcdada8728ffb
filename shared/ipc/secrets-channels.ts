import { z } from 'zod';
import { event, invoke } from './define';

/**
 * How saved sign-ins (connection tokens, this computer's licence identity) are kept here.
 * `protected`: the system keychain or keyring. `weak-needs-consent`: Linux without a keyring,
 * where the only store uses a built-in key, and the owner has not chosen yet; connections and
 * the licence wait. `weak-accepted`: the owner chose that store. `unavailable`: nothing can
 * encrypt, so connections and the licence cannot be used on this computer.
 */
export const secretStorageStatusSchema = z.strictObject({
  state: z.enum(['protected', 'weak-needs-consent', 'weak-accepted', 'unavailable']),
  /** Which store: the OS keyring, Linux's built-in-key store, or the browser host's key file. */
  protection: z.enum(['keyring', 'weak', 'file']).nullable(),
});
export type SecretStorageStatus = z.infer<typeof secretStorageStatusSchema>;

export const secretsChannels = {
  'secrets.status': invoke(z.strictObject({}), secretStorageStatusSchema),
  /** The owner's one-time yes to the built-in-key store (Linux without a keyring); remembered. */
  'secrets.acceptWeakStorage': invoke(z.strictObject({}), secretStorageStatusSchema),
};

export const secretsEvents = {
  'secrets.changed': event(secretStorageStatusSchema),
};
