import { describe, expect, it } from 'vitest';
import { isTrustedSenderUrl } from '../../electron/ipc/trusted-sender';

// Every IPC request is refused unless the frame that sent it was loaded from the app's own
// origin. A page that merely looks similar (by prefix, credentials, or another scheme) must fail.

const PORT = 5199;
const ALLOWED = ['app://agencyiq', `http://127.0.0.1:${PORT}`];

describe('isTrustedSenderUrl', () => {
  it.each([
    'app://agencyiq/',
    'app://agencyiq/index.html',
    'app://agencyiq/assets/app.js?v=1#compose',
    'app://agencyiq',
    `http://127.0.0.1:${PORT}/`,
    `http://127.0.0.1:${PORT}/drafts?sort=updated_desc`,
  ])('trusts %s', (url) => {
    expect(isTrustedSenderUrl(url, ALLOWED)).toBe(true);
  });

  it.each([
    ['a host that extends ours', 'app://agencyiq.evil/'],
    ['a host that ends with ours', 'app://evil.agencyiq/'],
    ['another app:// host', 'app://evil/'],
    ['our host on another port', 'app://agencyiq:8080/'],
    ['our origin used as credentials for another host', `http://127.0.0.1:${PORT}@evil.com/`],
    ['our host as a subdomain of another', `http://127.0.0.1:${PORT}.evil.com/`],
    ['a user name', 'app://user@agencyiq/'],
    ['a password', 'app://:secret@agencyiq/'],
    ['user and password on the host origin', `http://admin:pw@127.0.0.1:${PORT}/`],
    ['another port', `http://127.0.0.1:${PORT + 1}/`],
    ['a port that extends ours', `http://127.0.0.1:${PORT}0/`],
    ['no port', 'http://127.0.0.1/'],
    ['https instead of http', `https://127.0.0.1:${PORT}/`],
    ['localhost when only 127.0.0.1 is allowed', `http://localhost:${PORT}/`],
    ['file://', 'file:///home/owner/index.html'],
    ['javascript:', 'javascript:alert(document.domain)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['blob: wrapping our origin', 'blob:app://agencyiq/0b7e0b2c-1c3f-4c55-9c1a-3e7b4b1c2d3e'],
    ['about:blank', 'about:blank'],
    ['an opaque app: URL', 'app:agencyiq'],
    ['app:/// with an empty host', 'app:///agencyiq/'],
    ['garbage', 'not a url at all'],
    ['the literal string null', 'null'],
    ['an empty string', ''],
    ['a huge URL', `app://agencyiq/${'a'.repeat(10_000)}`],
  ])('refuses %s', (_name, url) => {
    expect(isTrustedSenderUrl(url, ALLOWED)).toBe(false);
  });

  it('refuses a missing URL', () => {
    expect(isTrustedSenderUrl(undefined, ALLOWED)).toBe(false);
  });

  it('refuses everything when nothing is allowed', () => {
    expect(isTrustedSenderUrl('app://agencyiq/', [])).toBe(false);
  });

  it('refuses non-string values that reach it through untyped callers', () => {
    for (const value of [null, 42, {}, ['app://agencyiq/'], { toString: () => 'app://agencyiq/' }]) {
      expect(isTrustedSenderUrl(value as unknown as string, ALLOWED)).toBe(false);
    }
  });
});
