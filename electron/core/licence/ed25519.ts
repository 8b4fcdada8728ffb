import crypto, { type KeyObject } from 'node:crypto';

/** A raw 32-byte Ed25519 public key as base64url (the JWK `x`), the form the licence API uses. */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('Not an Ed25519 key.');
  return jwk.x;
}

/**
 * Reads an Ed25519 public key given as raw base64url (43 characters) or as an SPKI PEM.
 * Returns null for anything else, so configuration mistakes become a clear message, not a crash.
 */
export function parseEd25519PublicKey(text: string): KeyObject | null {
  const trimmed = text.trim();
  try {
    if (/^[A-Za-z0-9_-]{43}$/.test(trimmed)) {
      return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: trimmed }, format: 'jwk' });
    }
    if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) {
      const key = crypto.createPublicKey(trimmed);
      return key.asymmetricKeyType === 'ed25519' ? key : null;
    }
  } catch {
    return null;
  }
  return null;
}

/** Lower-case hex SHA-256 of the raw public key bytes: the lease's `deviceKeyHash`. */
export function deviceKeyHash(rawPublicKeyBase64url: string): string {
  return crypto.createHash('sha256').update(Buffer.from(rawPublicKeyBase64url, 'base64url')).digest('hex');
}
