import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import { parseSigningKey, rawPublicKey } from './lease-signer';

/**
 * `npm run licence-server -- keygen <private-key.pem>`: writes a new Ed25519 private key (PKCS8
 * PEM, owner-only permissions, never over an existing file) and prints the public key as
 * base64url — the value for shared/licence/licence-public-key.ts.
 */
export function keygen(privateKeyPath: string | undefined, out: { write(text: string): void }): void {
  if (!privateKeyPath) throw new Error('Usage: npm run licence-server -- keygen <path-for-private-key.pem>');
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  fs.writeFileSync(privateKeyPath, pem, { mode: 0o600, flag: 'wx' });
  out.write(`${rawPublicKey(parseSigningKey(pem))}\n`);
}
