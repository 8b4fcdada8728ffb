import { describe, expect, it } from 'vitest';
import { DEFAULT_LICENCE_SERVER_URL, LicenceConfigError, parseLicenceConfig } from '../../electron/core/licence/licence-config';
import { rawPublicKey } from '../../electron/core/licence/ed25519';
import type { Logger } from '../../electron/core/ports/logger';
import { LICENCE_PUBLIC_KEY } from '@shared/licence/licence-public-key';
import { createLeaseSigner } from '../support/lease-signer';

// A packaged app that took its lease key from the environment would accept leases anyone can
// sign; a test run that ignored it could not test anything.

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, error: () => {}, warn: (message) => warnings.push(message) };
}

const testKey = createLeaseSigner().publicKeyRaw;

describe('parseLicenceConfig', () => {
  it('defaults to the production server and the committed public key', () => {
    const config = parseLicenceConfig({}, { allowDevOverrides: false, logger: recordingLogger() });
    expect(config.serverUrl).toBe(DEFAULT_LICENCE_SERVER_URL);
    expect(rawPublicKey(config.publicKey)).toBe(LICENCE_PUBLIC_KEY);
  });

  it('honours the key override in the browser host and unpackaged Electron', () => {
    const env = { AGENCYIQ_LICENCE_SERVER_URL: 'http://127.0.0.1:4010/', AGENCYIQ_LICENCE_PUBLIC_KEY: testKey };
    const config = parseLicenceConfig(env, { allowDevOverrides: true, logger: recordingLogger() });
    expect(config.serverUrl).toBe('http://127.0.0.1:4010');
    expect(rawPublicKey(config.publicKey)).toBe(testKey);
  });

  it('ignores the key override in the packaged app, and says so in the log', () => {
    const logger = recordingLogger();
    const config = parseLicenceConfig({ AGENCYIQ_LICENCE_PUBLIC_KEY: testKey }, { allowDevOverrides: false, logger });
    expect(rawPublicKey(config.publicKey)).toBe(LICENCE_PUBLIC_KEY);
    expect(logger.warnings).toEqual(['AGENCYIQ_LICENCE_PUBLIC_KEY is ignored in the packaged app']);
  });

  it('refuses plain http to another machine, garbage URLs and keys, naming the variable', () => {
    const options = { allowDevOverrides: true, logger: recordingLogger() };
    expect(() => parseLicenceConfig({ AGENCYIQ_LICENCE_SERVER_URL: 'http://licence.example.com' }, options)).toThrow(/AGENCYIQ_LICENCE_SERVER_URL/);
    expect(() => parseLicenceConfig({ AGENCYIQ_LICENCE_SERVER_URL: 'not a url' }, options)).toThrow(LicenceConfigError);
    expect(() => parseLicenceConfig({ AGENCYIQ_LICENCE_SERVER_URL: 'ftp://127.0.0.1' }, options)).toThrow(LicenceConfigError);
    expect(() => parseLicenceConfig({ AGENCYIQ_LICENCE_PUBLIC_KEY: 'short' }, options)).toThrow(/AGENCYIQ_LICENCE_PUBLIC_KEY/);
  });
});
