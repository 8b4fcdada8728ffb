import { generateKeyPairSync, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionTokens } from '../../licence-server/auth/session-token';
import { ConfigError, parseConfig } from '../../licence-server/config';
import { generateLicenceKey, maskLicenceKey, normaliseLicenceKey } from '../../licence-server/licence-key';
import { keygen } from '../../licence-server/signing/keygen';
import { LeaseSigner, parseSigningKey, rawPublicKey, signingKeyOnFirstUse } from '../../licence-server/signing/lease-signer';
import { SIGNED_LEASE_PATTERN, type LeasePayload } from '@shared/licence/lease-format';
import { LICENCE_PUBLIC_KEY } from '@shared/licence/licence-public-key';
import { billingPeriod } from '../support/lease-signer';

const payload: LeasePayload = {
  v: 1,
  licenceId: 'lic_x',
  plan: 'growth',
  postsPerCycle: 27,
  ...billingPeriod(1),
  seats: 2,
  deviceKeyHash: 'a'.repeat(64),
  issuedAt: 2,
  expiresAt: 3,
  status: 'active',
  graceUntil: null,
};

describe('lease signing', () => {
  it('signs the exact payload bytes it sends, verifiable with the raw public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const lease = new LeaseSigner(privateKey).sign(payload);
    const match = SIGNED_LEASE_PATTERN.exec(lease);
    expect(match).not.toBeNull();
    const bytes = Buffer.from(match?.[1] ?? '', 'base64url');
    expect(JSON.parse(bytes.toString())).toEqual(payload);
    expect(verify(null, bytes, publicKey, Buffer.from(match?.[2] ?? '', 'base64url'))).toBe(true);
    const tampered = Buffer.from(JSON.stringify({ ...payload, seats: 3 }));
    expect(verify(null, tampered, publicKey, Buffer.from(match?.[2] ?? '', 'base64url'))).toBe(false);
    expect(rawPublicKey(privateKey)).toBe(publicKey.export({ format: 'jwk' }).x);
  });

  it('reads the signing key as PEM (also with escaped newlines) or base64 DER, and refuses other key types', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(rawPublicKey(parseSigningKey(pem))).toBe(rawPublicKey(privateKey));
    expect(rawPublicKey(parseSigningKey(pem.replaceAll('\n', '\\n')))).toBe(rawPublicKey(privateKey));
    expect(rawPublicKey(parseSigningKey(der))).toBe(rawPublicKey(privateKey));
    const x25519 = generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseSigningKey(x25519)).toThrow(/Ed25519/);
  });

  it('checks the signing key when the server starts and signs with it on first use, in every form it reads', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    // PKCS8 with the public key too (RFC 8410's OneAsymmetricKey, version 1): read by OpenSSL at once.
    const withPublicKey = Buffer.concat([
      Buffer.from('3051020101300506032b657004220420', 'hex'),
      der.subarray(16),
      Buffer.from('812100', 'hex'),
      Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'),
    ]);
    for (const text of [pem, pem.replaceAll('\n', '\\n'), `\n  ${pem}  \n`, der.toString('base64'), withPublicKey.toString('base64')]) {
      const lease = new LeaseSigner(signingKeyOnFirstUse(text)).sign(payload);
      const match = SIGNED_LEASE_PATTERN.exec(lease);
      expect(verify(null, Buffer.from(match?.[1] ?? '', 'base64url'), publicKey, Buffer.from(match?.[2] ?? '', 'base64url'))).toBe(true);
    }
    // A wrong key stops the server at start, not at the first lease.
    const x25519 = generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => signingKeyOnFirstUse(x25519)).toThrow(/Ed25519/);
    expect(() => signingKeyOnFirstUse(der.subarray(0, 40).toString('base64'))).toThrow();
    expect(() => signingKeyOnFirstUse('not a key')).toThrow();
  });

  it('keygen writes an owner-only private key, never over an existing file, and prints its public key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keygen-'));
    const file = path.join(dir, 'signing.pem');
    let printed = '';
    keygen(file, { write: (text) => (printed += text) });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(printed.trim()).toBe(rawPublicKey(parseSigningKey(fs.readFileSync(file, 'utf8'))));
    expect(() => keygen(file, { write: () => undefined })).toThrow(/EEXIST/);
    expect(() => keygen(undefined, { write: () => undefined })).toThrow(/Usage/);
    fs.rmSync(dir, { recursive: true });
  });

  it('ships a production public key that is a raw Ed25519 key', () => {
    expect(LICENCE_PUBLIC_KEY).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(LICENCE_PUBLIC_KEY, 'base64url')).toHaveLength(32);
  });
});

describe('device session tokens', () => {
  const tokens = new SessionTokens('s'.repeat(32), 3600);
  it('carry the device id until they expire', () => {
    const { token, expiresAt } = tokens.issue('dev_abc', 1_000_000);
    expect(expiresAt).toBe(1_000_000 + 3_600_000);
    expect(tokens.verify(token, 1_000_000)).toBe('dev_abc');
    expect(tokens.verify(token, expiresAt)).toBeNull();
  });
  it('refuse tampering and other secrets', () => {
    const { token } = tokens.issue('dev_abc', 0);
    expect(tokens.verify(token.replace('dev_abc', 'dev_abd'), 0)).toBeNull();
    expect(tokens.verify(token.replace(/\.(\d+)\./, '.99999999.'), 0)).toBeNull();
    expect(new SessionTokens('t'.repeat(32), 3600).verify(token, 0)).toBeNull();
    expect(tokens.verify('garbage', 0)).toBeNull();
    expect(tokens.verify('', 0)).toBeNull();
  });
});

describe('licence keys', () => {
  it('are AIQ- and four groups from an alphabet without look-alikes, and differ each time', () => {
    const keys = new Set(Array.from({ length: 200 }, generateLicenceKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(/^AIQ(-[ACDEFGHJKMNPQRTUVWXY34679]{4}){4}$/);
  });
  it('read back however they are typed, and are masked in logs', () => {
    expect(normaliseLicenceKey(' aiq cdef-ghjk mnpq rtuv ')).toBe('AIQ-CDEF-GHJK-MNPQ-RTUV');
    expect(normaliseLicenceKey('cdefghjkmnpqrtuv')).toBe('AIQ-CDEF-GHJK-MNPQ-RTUV');
    expect(maskLicenceKey('AIQ-CDEF-GHJK-MNPQ-RTUV')).not.toContain('MNPQ');
  });
});

describe('licence server configuration', () => {
  const env = {
    STRIPE_SECRET_KEY: 'sk_test_abc',
    STRIPE_WEBHOOK_SECRET: 'whsec_abc',
    STRIPE_PRICE_STARTER: 'price_s',
    STRIPE_PRICE_GROWTH: 'price_g',
    STRIPE_PRICE_PROFESSIONAL: 'price_p',
    LICENCE_SIGNING_KEY: 'x'.repeat(60),
    SESSION_SECRET: 'y'.repeat(32),
  };
  it('names every missing variable', () => {
    expect(() => parseConfig({})).toThrow(ConfigError);
    expect(() => parseConfig({})).toThrow(/STRIPE_SECRET_KEY[\s\S]*SESSION_SECRET/);
  });
  it('has the plan defaults, lets configuration change them, and prefers DATABASE_URL', () => {
    const config = parseConfig({ ...env, PLAN_GROWTH_POSTS: '30', PLAN_PROFESSIONAL_SEATS: '5', DATABASE_URL: 'postgres://u@h/db' });
    expect(config.plans).toEqual({
      starter: { label: 'Starter', postsPerCycle: 12, seats: 1 },
      growth: { label: 'Growth', postsPerCycle: 30, seats: 2 },
      professional: { label: 'Professional', postsPerCycle: 52, seats: 5 },
    });
    expect(config.databaseUrl).toBe('postgres://u@h/db');
    expect(config.publicUrl).toBe('http://127.0.0.1:8787');
  });
  it('refuses one price for two plans', () => {
    expect(() => parseConfig({ ...env, STRIPE_PRICE_GROWTH: 'price_s' })).toThrow(/own Stripe price/);
  });
});
