import crypto from 'node:crypto';
import { DEVICE_SESSION_SIGNING_PREFIX, LICENCE_API } from '@shared/licence/licence-api';
import { deviceKeyHash, parseEd25519PublicKey } from '../../electron/core/licence/ed25519';
import type { LeasePayload } from '@shared/licence/lease-format';
import { asVersion2, growthLease as defaultLease, type LeaseSigner } from './lease-signer';
import { json, type Script } from './scripted-http-server';

/** The state a scripted licence server answers from; tests change it between calls. */
export interface ContractServerState {
  /** What POST /v1/lease answers. */
  licence: 'none' | 'lapsed' | 'deactivated' | { payload: (deviceKeyHash: string, now: number) => LeasePayload; status?: 'active' | 'past_due' };
  licenceKey: string;
  /** The server's clock (sent as the HTTP Date header and used for issuedAt). */
  now: () => number;
  /** Tokens handed out; a test can empty it to force a 401. */
  tokens: Map<string, string>;
  sessionsOpened: number;
  /** Devices besides the caller (listed by GET /v1/devices). */
  otherDevices: Array<{ id: string; name: string; os: 'mac' | 'windows' | 'linux' | 'other'; activatedAt: number; lastSeenAt: number | null; current: false }>;
}

/**
 * Answers like the licence server of `shared/licence/licence-api.ts` for the calls the sync
 * makes (challenge, session with a REAL signature check, lease), signing with a test key.
 * Used until the real server is merged in, and for timing scenarios it cannot fake.
 */
export function contractLicenceScript(signer: LeaseSigner, state: ContractServerState): Script {
  const nonces = new Map<string, string>();
  const devicesFor = (publicKey: string) => [
    { id: `dev_${deviceKeyHash(publicKey).slice(0, 12)}`, name: 'This test computer', os: 'linux' as const, activatedAt: state.now(), lastSeenAt: state.now(), current: true },
    ...state.otherDevices,
  ];
  return (req, res) => {
    const date = { date: new Date(state.now()).toUTCString() };
    const body = (req.body ?? {}) as Record<string, string>;
    if (req.method === 'POST' && req.path === LICENCE_API.challenge) {
      const nonce = crypto.randomBytes(24).toString('base64url');
      nonces.set(nonce, body.publicKey ?? '');
      return json(res, 200, { nonce, expiresAt: state.now() + 60_000 }, date);
    }
    if (req.method === 'POST' && req.path === LICENCE_API.session) {
      const key = parseEd25519PublicKey(body.publicKey ?? '');
      const signed =
        key !== null &&
        nonces.get(body.nonce ?? '') === body.publicKey &&
        crypto.verify(null, Buffer.from(DEVICE_SESSION_SIGNING_PREFIX + body.nonce), key, Buffer.from(body.signature ?? '', 'base64url'));
      nonces.delete(body.nonce ?? '');
      if (!signed) return json(res, 401, { code: 'unauthenticated', message: 'The device could not be verified.' }, date);
      const token = crypto.randomBytes(24).toString('base64url');
      state.tokens.set(token, body.publicKey as string);
      state.sessionsOpened++;
      return json(res, 200, { token, expiresAt: state.now() + 3_600_000, deviceId: `dev_${deviceKeyHash(body.publicKey as string).slice(0, 12)}` }, date);
    }
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const publicKey = token === undefined ? undefined : state.tokens.get(token);
    if (publicKey === undefined) return json(res, 401, { code: 'unauthenticated', message: 'Please sign in again.' }, date);
    if (req.method === 'POST' && req.path === LICENCE_API.activate) {
      if (body.licenceKey !== state.licenceKey) {
        return json(res, 404, { code: 'unknown_licence_key', message: 'We don’t know that licence key. Check it against your receipt email.' }, date);
      }
      if (typeof state.licence !== 'object') state.licence = { payload: (hash, now) => defaultLease(hash, now) };
    }
    if (req.method === 'POST' && (req.path === LICENCE_API.lease || req.path === LICENCE_API.activate)) {
      const licence = state.licence;
      if (licence === 'none') return json(res, 200, { status: 'none' }, date);
      if (licence === 'lapsed') return json(res, 200, { status: 'lapsed', message: 'Your subscription was cancelled.' }, date);
      if (licence === 'deactivated') return json(res, 200, { status: 'deactivated', message: 'This device was removed.' }, date);
      const v1 = licence.payload(deviceKeyHash(publicKey), state.now());
      // An app that asks for version 2 gets it, with its nonce echoed (as the real server does).
      const payload = (req.body as { leaseVersion?: number } | undefined)?.leaseVersion === 2 ? asVersion2(v1, { nonce: body.nonce ?? null }) : v1;
      return json(res, 200, { status: licence.status ?? payload.status, lease: signer.sign(payload), licenceKey: state.licenceKey }, date);
    }
    if (req.method === 'GET' && req.path === LICENCE_API.devices) {
      return json(res, 200, { devices: devicesFor(publicKey) }, date);
    }
    if (req.method === 'DELETE' && req.path.startsWith(`${LICENCE_API.devices}/`)) {
      const id = decodeURIComponent(req.path.slice(LICENCE_API.devices.length + 1));
      state.otherDevices = state.otherDevices.filter((device) => device.id !== id);
      // Removing the caller itself ends its licence, as the server would.
      if (id === `dev_${deviceKeyHash(publicKey).slice(0, 12)}`) {
        state.licence = 'deactivated';
        return json(res, 200, { devices: state.otherDevices }, date);
      }
      return json(res, 200, { devices: devicesFor(publicKey) }, date);
    }
    if (req.method === 'POST' && req.path === LICENCE_API.portal) {
      return json(res, 200, { url: 'https://billing.stripe.test/p/session/test_portal' }, date);
    }
    if (req.method === 'POST' && req.path === LICENCE_API.checkout) {
      const id = `cs_test_${crypto.randomBytes(8).toString('hex')}`;
      return json(res, 200, { url: `https://checkout.stripe.test/c/pay/${id}`, checkoutSessionId: id }, date);
    }
    return json(res, 404, { code: 'invalid_request', message: 'No such route.' }, date);
  };
}
