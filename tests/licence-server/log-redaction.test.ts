import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';

// Issue 15 item 9 / issue 19 item 1: redaction by key at any depth, top level included.
describe('licence server log redaction', () => {
  let harness: LicenceServerHarness;
  beforeEach(async () => {
    harness = await startLicenceServer();
  });
  afterEach(async () => {
    await harness.close();
  });

  it('replaces secret-named fields at the top level and at any depth, keeping everything else', () => {
    harness.app.log.info(
      {
        licenceKey: 'AIQ-TOPL-EVEL-KEY9-9999',
        deviceId: 'dev_visible',
        outcome: { config: { stripeSecretKey: 'sk_test_deepSecret1', nested: { sessionSecret: 'deep-session-secret', signingKey: 'deep-signing-key' } } },
        list: [{ token: 'dev_x.1.deepTokenMac' }, { clientSecret: 'relay-client-secret', access_token: 'provider-access-token' }],
      },
      'probe',
    );
    const line = harness.logs.find((text) => text.includes('"probe"')) ?? '';
    for (const secret of ['AIQ-TOPL-EVEL-KEY9-9999', 'sk_test_deepSecret1', 'deep-session-secret', 'deep-signing-key', 'deepTokenMac', 'relay-client-secret', 'provider-access-token']) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({
      licenceKey: '[redacted]',
      deviceId: 'dev_visible',
      outcome: { config: { stripeSecretKey: '[redacted]', nested: { sessionSecret: '[redacted]', signingKey: '[redacted]' } } },
      list: [{ token: '[redacted]' }, { clientSecret: '[redacted]', access_token: '[redacted]' }],
    });
  });
});
