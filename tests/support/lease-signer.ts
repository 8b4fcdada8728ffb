import crypto, { type KeyObject } from 'node:crypto';
import type { LeasePayload, LeasePayloadV2 } from '@shared/licence/lease-format';

/** A real Ed25519 key pair made for one test run, signing leases the way the server does. */
export interface LeaseSigner {
  publicKey: KeyObject;
  /** Raw public key, base64url: what AGENCYIQ_LICENCE_PUBLIC_KEY takes. */
  publicKeyRaw: string;
  sign(payload: LeasePayload): string;
  /** Signs exact bytes (for tampering and malformed-payload tests). */
  signBytes(payloadBytes: Buffer): string;
}

export function createLeaseSigner(): LeaseSigner {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const signBytes = (bytes: Buffer) =>
    `v1.${bytes.toString('base64url')}.${crypto.sign(null, bytes, privateKey).toString('base64url')}`;
  return {
    publicKey,
    publicKeyRaw: publicKey.export({ format: 'jwk' }).x as string,
    sign: (payload) => signBytes(Buffer.from(JSON.stringify(payload), 'utf8')),
    signBytes,
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A lease's billing period (the quota cycle) starting at `start`, `days` long (a 30-day month by default). */
export function billingPeriod(start: number, days = 30): { cycleStart: number; cycleEnd: number } {
  return { cycleStart: start, cycleEnd: start + days * DAY_MS };
}

type LeaseFields = Omit<Extract<LeasePayload, { v: 1 }>, 'v'>;

/** A Growth lease (payload version 1) for `deviceKeyHash`, issued at `issuedAt`, living 7 days. */
export function growthLease(deviceKeyHash: string, issuedAt: number, overrides: Partial<LeaseFields> = {}): LeasePayload {
  return {
    v: 1,
    licenceId: 'lic_test_growth',
    plan: 'growth',
    postsPerCycle: 27,
    ...billingPeriod(issuedAt - 5 * DAY_MS),
    seats: 2,
    deviceKeyHash,
    issuedAt,
    expiresAt: issuedAt + 7 * DAY_MS,
    status: 'active',
    graceUntil: null,
    ...overrides,
  };
}

/** The same lease as payload version 2: what the server sends an app that asks for it. */
export function asVersion2(payload: LeasePayload, extra: Partial<Pick<LeasePayloadV2, 'serverCount' | 'nonce'>> = {}): LeasePayloadV2 {
  const { v: _v, ...fields } = payload;
  return { v: 2, ...fields, serverCount: null, nonce: null, ...extra };
}
