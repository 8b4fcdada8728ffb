import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { DEVICE_SESSION_SIGNING_PREFIX } from '@shared/licence/licence-api';
import { isUsableEd25519Point } from './ed25519-point';

/**
 * A device's raw Ed25519 public key (base64url) as a KeyObject, or null if it is not one: 32
 * bytes in their one canonical base64url spelling, encoding a point on the curve that is not of
 * small order (ed25519-point.ts).
 */
export function devicePublicKey(publicKey: string): KeyObject | null {
  const raw = Buffer.from(publicKey, 'base64url');
  if (raw.toString('base64url') !== publicKey || !isUsableEd25519Point(raw)) return null;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** True when `signature` is the device's Ed25519 signature over the session prefix + nonce. */
export function verifySessionSignature(publicKey: string, nonce: string, signature: string): boolean {
  const key = devicePublicKey(publicKey);
  if (!key) return false;
  const signed = Buffer.from(DEVICE_SESSION_SIGNING_PREFIX + nonce, 'utf8');
  try {
    return verify(null, signed, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Lower-case hex SHA-256 of the raw 32-byte public key: the lease's `deviceKeyHash`. */
export function deviceKeyHash(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex');
}

/** True when `signature` (base64url) is the device's Ed25519 signature over the UTF-8 `message`. */
export function verifyDeviceSignature(publicKey: string, message: string, signature: string): boolean {
  const key = devicePublicKey(publicKey);
  if (!key) return false;
  try {
    return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
