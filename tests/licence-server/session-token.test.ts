import { describe, expect, it } from 'vitest';
import { SessionTokens } from '../../licence-server/auth/session-token';

// Issue 15 item 9: a bearer token is accepted only in its exact form; the MAC is compared as the
// text the server issued, not as whatever bytes a lenient base64url decoder makes of it.
describe('device session tokens', () => {
  const tokens = new SessionTokens('s'.repeat(40), 3600);
  const now = Date.UTC(2026, 10, 26);

  it('accepts the issued token and refuses it with trailing junk or its MAC spelled another way', () => {
    const { token } = tokens.issue('dev_abc', now);
    const mac = token.slice(token.lastIndexOf('.') + 1);
    expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last character carries 2 padding bits; flipping the lowest spells the same 32 bytes.
    const respelled = token.slice(0, -1) + alphabet[alphabet.indexOf(token.slice(-1)) ^ 1];
    expect(Buffer.from(respelled.slice(respelled.lastIndexOf('.') + 1), 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    for (const forged of [`${token}!!`, `${token}=`, `${token} `, `${token}\n`, respelled, `${token}A`]) {
      expect(tokens.verify(forged, now), JSON.stringify(forged)).toBeNull();
    }
    expect(tokens.verify(token, now)).toBe('dev_abc');
    // Once the good token is cached, the junk variants still miss the cache and are refused.
    expect(tokens.verify(`${token}!!`, now)).toBeNull();
  });
});
