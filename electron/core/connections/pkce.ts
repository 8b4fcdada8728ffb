import crypto from 'node:crypto';

/** A PKCE pair (RFC 7636): the verifier stays in memory, only the challenge leaves the app. */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** 32 random bytes → a 43-character base64url verifier (the RFC's minimum length, maximum entropy per char). */
export function createPkcePair(): PkcePair {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** S256: BASE64URL(SHA256(ASCII(verifier))), no padding. */
export function pkceChallenge(verifier: string): string {
  return crypto.createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh `state` value: 32 random bytes, base64url (what parse-app-url accepts). */
export function createState(): string {
  return crypto.randomBytes(32).toString('base64url');
}
