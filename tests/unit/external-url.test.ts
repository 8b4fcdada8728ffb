import { describe, expect, it } from 'vitest';
import { EXTERNAL_URL_HOSTS, allowedExternalUrl, isAllowedExternalUrl } from '../../electron/core/security/external-url';

describe('isAllowedExternalUrl', () => {
  it.each([...EXTERNAL_URL_HOSTS].map((host) => `https://${host}/some/path?q=1#frag`))('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'https://x.com/agencyiq/status/1234567890',
    'https://www.linkedin.com/feed/update/urn:li:share:123/',
    'https://checkout.stripe.com/c/pay/cs_test_abc#fidkdWxOYHwnPyd1blpxYHZxWjA0',
    'https://accounts.google.com/o/oauth2/v2/auth?client_id=a&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000',
    'https://facebook.com:443/page',
    'HTTPS://WWW.FACEBOOK.COM/Page',
  ])('allows the real-world %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['http, not https', 'http://facebook.com/'],
    ['javascript:', 'javascript:alert(1)//https://facebook.com'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['file:', 'file:///C:/Windows/System32/calc.exe'],
    ['a custom scheme', 'agencyiq://compose'],
    ['smb share', 'smb://facebook.com/share'],
    ['ms-settings', 'ms-settings:privacy'],
    ['protocol-relative', '//facebook.com/'],
    ['unlisted host', 'https://example.com/'],
    ['unlisted subdomain', 'https://m.facebook.com/'],
    ['suffix trick', 'https://facebook.com.evil.com/'],
    ['prefix trick', 'https://evilfacebook.com/'],
    ['trailing-dot host', 'https://facebook.com./'],
    ['credentials before an allowed host', 'https://user:pass@facebook.com/'],
    ['allowed host as a username', 'https://facebook.com@evil.com/'],
    ['empty username', 'https://@facebook.com/'],
    ['another port', 'https://facebook.com:8443/'],
    ['port 80 on https', 'https://x.com:80/'],
    ['IP address', 'https://157.240.1.35/'],
    ['IDN look-alike', 'https://fаcebook.com/'],
    ['punycode look-alike', 'https://xn--fcebook-8va.com/'],
    ['fullwidth host', 'https://ｆａｃｅｂｏｏｋ.com/'],
    ['newline inside the host', 'https://face\nbook.com.evil.com/'],
    ['tab inside the scheme', 'ht\ttps://facebook.com/'],
    ['leading space', ' https://facebook.com/'],
    ['NUL byte', 'https://facebook.com/\0'],
    ['bidi override in the path', 'https://x.com/\u202egnp.exe'],
    ['zero-width space', 'https://x.com/\u200bpost'],
    ['no-break space', 'https://x.com/\u00a0post'],
    ['backslash host confusion', 'https://evil.com\\@facebook.com/'],
    ['not a URL', 'facebook.com'],
    ['empty string', ''],
    ['huge URL', 'https://facebook.com/' + 'a'.repeat(5000)],
    ['not a string', { href: 'https://facebook.com/' }],
    ['undefined', undefined],
  ])('refuses %s', (_name, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('allowedExternalUrl', () => {
  it('returns the normalised URL that was checked', () => {
    expect(allowedExternalUrl('HTTPS://Facebook.COM:443/a/../b?x=1')).toBe('https://facebook.com/b?x=1');
  });

  it('returns null when refused', () => {
    expect(allowedExternalUrl('https://evil.com/')).toBeNull();
  });
});
