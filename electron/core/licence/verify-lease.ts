import crypto, { type KeyObject } from 'node:crypto';
import { leasePayloadSchema, SIGNED_LEASE_PATTERN, type LeasePayload } from '@shared/licence/lease-format';

/** How far apart two clocks may drift before it counts: NTP corrections, sleep, a slow sync. */
export const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

/** Why a lease was refused; each has its own plain-words explanation in `LEASE_REFUSAL_MESSAGES`. */
export type LeaseRefusal =
  | 'malformed'
  | 'bad_signature'
  | 'other_device'
  | 'clock_rolled_back'
  | 'issued_in_future'
  | 'expired';

export const LEASE_REFUSAL_MESSAGES: Readonly<Record<LeaseRefusal, string>> = {
  malformed: 'The saved licence is damaged and cannot be read.',
  bad_signature: 'The saved licence was not signed by AgencyIQ, or was changed after it was signed.',
  other_device: 'The saved licence belongs to another computer.',
  clock_rolled_back: "This computer's clock seems to have been turned back.",
  issued_in_future: "The licence is dated in the future: this computer's clock may be wrong.",
  expired: 'The licence has run out and could not be renewed.',
};

export type LeaseVerification =
  | { ok: true; payload: LeasePayload }
  /** `payload` is set when the signature held but the lease is not usable now (for messages). */
  | { ok: false; reason: LeaseRefusal; payload: LeasePayload | null };

export interface VerifyLeaseInput {
  /** `v1.<payload>.<signature>` as the server sent it. */
  signedLease: string;
  /** The licence server's public key. */
  publicKey: KeyObject;
  /** This device's key hash; a lease for another device is refused. */
  deviceKeyHash: string;
  /** Trusted now: this computer's clock corrected by the offset measured at the last sync. */
  now: number;
  /** The highest trusted time seen so far; `now` below it means the clock went back. */
  clockHighWater: number;
}

/** What the signature and format of a lease say, apart from the device and the time. */
export type SignedLeaseReading = { ok: true; payload: LeasePayload } | { ok: false; reason: 'malformed' | 'bad_signature' };

/**
 * The part of `verifyLease` that depends only on the lease text and the key: format and the
 * Ed25519 signature over the exact payload bytes. Pure, so its answer for a given lease text
 * and key never changes (callers may remember it; see LicenceSync). Never throws.
 */
export function readSignedLease(signedLease: string, publicKey: KeyObject): SignedLeaseReading {
  const match = SIGNED_LEASE_PATTERN.exec(signedLease);
  if (match === null) return { ok: false, reason: 'malformed' };
  const payloadBytes = Buffer.from(match[1] as string, 'base64url');
  const signature = Buffer.from(match[2] as string, 'base64url');

  let signatureHolds: boolean;
  try {
    signatureHolds = signature.length === 64 && crypto.verify(null, payloadBytes, publicKey, signature);
  } catch {
    signatureHolds = false;
  }
  if (!signatureHolds) return { ok: false, reason: 'bad_signature' };

  let payload: LeasePayload;
  try {
    const parsed = leasePayloadSchema.safeParse(JSON.parse(payloadBytes.toString('utf8')));
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    payload = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.expiresAt <= payload.issuedAt) return { ok: false, reason: 'malformed' };
  return { ok: true, payload };
}

/**
 * The device and time checks of a lease whose signature held (`readSignedLease`): checked
 * against `now` and the clock's high-water mark every time, never remembered.
 */
export function checkLeaseNow(signed: SignedLeaseReading, input: Omit<VerifyLeaseInput, 'signedLease' | 'publicKey'>): LeaseVerification {
  if (!signed.ok) return { ok: false, reason: signed.reason, payload: null };
  const { payload } = signed;
  if (payload.deviceKeyHash !== input.deviceKeyHash) return { ok: false, reason: 'other_device', payload };
  if (input.now < input.clockHighWater - CLOCK_TOLERANCE_MS) return { ok: false, reason: 'clock_rolled_back', payload };
  if (payload.issuedAt > input.now + CLOCK_TOLERANCE_MS) return { ok: false, reason: 'issued_in_future', payload };
  if (input.now >= payload.expiresAt) return { ok: false, reason: 'expired', payload };
  return { ok: true, payload };
}

/**
 * Checks a lease offline: format, Ed25519 signature over the exact payload bytes, device, and
 * time. Pure apart from the signature check; never throws for any input.
 */
export function verifyLease(input: VerifyLeaseInput): LeaseVerification {
  return checkLeaseNow(readSignedLease(input.signedLease, input.publicKey), input);
}
