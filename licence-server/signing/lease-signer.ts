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

/** Signs leases as `v1.<base64url payload>.<base64url signature>` (shared/licence/lease-format.ts). */
export class LeaseSigner {
  constructor(private readonly privateKey: KeyObject) {}

  sign(payload: LeasePayload): string {
    const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
    const signature = sign(null, bytes, this.privateKey);
    return `v1.${bytes.toString('base64url')}.${signature.toString('base64url')}`;
  }
}
