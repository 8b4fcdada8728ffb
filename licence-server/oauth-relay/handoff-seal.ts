import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A fresh handoff id: 32 random bytes, base64url (43 characters; the app's parser takes 16–128). */
export function newHandoffId(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores instead of the handoff id. */
export function handoffHash(handoff: string): string {
  return createHash('sha256').update(`agencyiq-relay-handoff-id:v1:${handoff}`).digest('hex');
}

function keyFor(handoff: string): Buffer {
  return createHash('sha256').update(`agencyiq-relay-handoff-key:v1:${handoff}`).digest();
}

/** AES-256-GCM under a key only the handoff id gives: iv.tag.ciphertext, base64url. */
export function sealForHandoff(handoff: string, plainText: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(handoff), iv);
  const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

export function openForHandoff(handoff: string, sealed: string): string | null {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(handoff), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
