import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { LeasePayload } from '@shared/licence/lease-format';

/** Reads an Ed25519 private key given as PKCS8 PEM, or as the base64 of its PKCS8 DER. */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey({ key: trimmed.replace(/\\n/g, '\n'), format: 'pem' })
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('LICENCE_SIGNING_KEY is not an Ed25519 private key.');
  return key;
}

/** The raw 32-byte public key of a private key, base64url: what `shared/` embeds in the app. */
export function rawPublicKey(privateKey: KeyObject): string {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Not an Ed25519 key.');
  return jwk.x;
}

/** The signing key as the server holds it: OpenSSL's key, or how to make it on the first lease signed. */
export type SigningKey = KeyObject | (() => KeyObject);

/**
 * An Ed25519 key in the PKCS8 form every tool writes for it (RFC 8410 section 7: version 0, the
 * Ed25519 algorithm, the 32-byte seed, nothing else), up to the seed.
 */
const ED25519_PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_PKCS8_LENGTH = ED25519_PKCS8_SEED_PREFIX.length + 32;
const PEM_PRIVATE_KEY = /^-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----$/;

/**
 * The server's signing key, checked at start without starting OpenSSL (about 2.5 MB resident an
 * idle server need not hold; the bundle loads node:crypto on first use, build/bundle.mjs). A key
 * in the usual form is checked byte for byte here, and any 32-byte seed is an Ed25519 key, so
 * making OpenSSL's key from those bytes on the first lease cannot fail. Any other form (PKCS8
 * with the public key, another key type, text that is no key) is read by OpenSSL at once, so a
 * wrong key still stops the server at start with parseSigningKey's error.
 */
export function signingKeyOnFirstUse(text: string): SigningKey {
  const der = pkcs8Bytes(text);
  if (der === null || der.length !== ED25519_PKCS8_LENGTH || !der.subarray(0, ED25519_PKCS8_SEED_PREFIX.length).equals(ED25519_PKCS8_SEED_PREFIX)) {
    return parseSigningKey(text);
  }
  let key: KeyObject | undefined;
  return () => (key ??= createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
}

/** The DER bytes of a PKCS8 PEM (newlines possibly escaped) or of base64 DER; null for anything else. */
function pkcs8Bytes(text: string): Buffer | null {
  const trimmed = text.trim().replace(/\\n/g, '\n');
  const pem = PEM_PRIVATE_KEY.exec(trimmed);
  const base64 = pem === null ? trimmed : pem[1]!.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(base64) && base64.length % 4 === 0 ? Buffer.from(base64, 'base64') : null;
}

/** Signs leases as `v1.<base64url payload>.<base64url signature>` (shared/licence/lease-format.ts). */
export class LeaseSigner {
  readonly #key: () => KeyObject;

  constructor(key: SigningKey) {
    this.#key = typeof key === 'function' ? key : () => key;
  }

  sign(payload: LeasePayload): string {
    const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
    const signature = sign(null, bytes, this.#key());
    return `v1.${bytes.toString('base64url')}.${signature.toString('base64url')}`;
  }
}
