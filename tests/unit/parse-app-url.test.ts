import { describe, expect, it } from 'vitest';
import type { DeepLinkRejection } from '../../electron/core/deep-links/deep-link-action';
import { findDeepLinkArgument } from '../../electron/core/deep-links/find-deep-link-argument';
import { MAX_DEEP_LINK_LENGTH, parseAppUrl } from '../../electron/core/deep-links/parse-app-url';

const STATE = 'Zm9vYmFyYmF6cXV4LXN0YXRlLTEyMzQ1Ng';
const CODE = 'VGNibzFWSWREZm01bjN1N3dicWlNUG1oa2xRRVNNdmVHelJGY2hlaUZZbkxvOjE2MjI1OTM5NzgwMjM6MTowOmFjOjE';
const HANDOFF = 'h4nd0ff_Abcdefghijklmnop';
const DRAFT_ID = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';

describe('parseAppUrl: links the app issues', () => {
  it('parses an X OAuth callback', () => {
    expect(parseAppUrl(`agencyiq://oauth/x?code=${CODE}&state=${STATE}`)).toEqual({
      ok: true,
      action: { kind: 'oauth-callback', platform: 'x', code: CODE, state: STATE, issuer: null },
    });
  });

  it('accepts the parameters in either order', () => {
    const result = parseAppUrl(`agencyiq://oauth/x?state=${STATE}&code=${CODE}`);
    expect(result.ok && result.action.kind).toBe('oauth-callback');
  });

  it('decodes a percent-encoded code once', () => {
    expect(parseAppUrl(`agencyiq://oauth/x?code=4%2F0AbC-d_e.f~g&state=${STATE}`)).toEqual({
      ok: true,
      action: { kind: 'oauth-callback', platform: 'x', code: '4/0AbC-d_e.f~g', state: STATE, issuer: null },
    });
  });

  it('parses an OAuth error with a form-encoded description', () => {
    expect(
      parseAppUrl(`agencyiq://oauth/x?error=access_denied&error_description=The+user+said+no&state=${STATE}`),
    ).toEqual({
      ok: true,
      action: { kind: 'oauth-error', platform: 'x', error: 'access_denied', description: 'The user said no', state: STATE, issuer: null },
    });
  });

  it('accepts but does not surface error_uri', () => {
    const result = parseAppUrl(
      `agencyiq://oauth/x?error=server_error&error_uri=https%3A%2F%2Fexample.com%2Fhelp&state=${STATE}`,
    );
    expect(result).toEqual({
      ok: true,
      action: { kind: 'oauth-error', platform: 'x', error: 'server_error', description: null, state: STATE, issuer: null },
    });
  });

  it('hands over the RFC 9207 iss of a callback and of an error', () => {
    const iss = encodeURIComponent('https://x.example/oauth');
    expect(parseAppUrl(`agencyiq://oauth/x?code=${CODE}&state=${STATE}&iss=${iss}`)).toEqual({
      ok: true,
      action: { kind: 'oauth-callback', platform: 'x', code: CODE, state: STATE, issuer: 'https://x.example/oauth' },
    });
    expect(parseAppUrl(`agencyiq://oauth/x?error=access_denied&state=${STATE}&iss=${iss}`)).toEqual({
      ok: true,
      action: { kind: 'oauth-error', platform: 'x', error: 'access_denied', description: null, state: STATE, issuer: 'https://x.example/oauth' },
    });
  });

  it('ignores OAuth answer parameters it does not know (RFC 6749 §4.1.2), within bounds', () => {
    const extra = 'scope=tweet.read+users.read&authuser=0&hd=example.com&prompt=consent&session_state=abc.def&X-Trace=1';
    expect(parseAppUrl(`agencyiq://oauth/x?code=${CODE}&state=${STATE}&${extra}`)).toEqual({
      ok: true,
      action: { kind: 'oauth-callback', platform: 'x', code: CODE, state: STATE, issuer: null },
    });
    expect(parseAppUrl(`agencyiq://oauth/x?error=access_denied&state=${STATE}&${extra}`).ok).toBe(true);
    expect(parseAppUrl(`agencyiq://oauth/x?code=${CODE}&state=${STATE}&note=${'n'.repeat(1024)}`).ok).toBe(true);
    expect(parseAppUrl(`agencyiq://oauth/x?code=${CODE}&state=${STATE}&note=${'n'.repeat(1025)}`)).toEqual({ ok: false, reason: 'invalid_parameter' });
  });

  it('parses a relay handoff', () => {
    expect(parseAppUrl(`agencyiq://oauth/complete?handoff=${HANDOFF}`)).toEqual({
      ok: true,
      action: { kind: 'oauth-complete', handoff: HANDOFF },
    });
  });

  it('parses Stripe returns', () => {
    expect(parseAppUrl('agencyiq://licence/success?session_id=cs_test_a1B2c3D4')).toEqual({
      ok: true,
      action: { kind: 'licence-return', outcome: 'success', sessionId: 'cs_test_a1B2c3D4' },
    });
    expect(parseAppUrl('agencyiq://licence/success')).toEqual({
      ok: true,
      action: { kind: 'licence-return', outcome: 'success', sessionId: null },
    });
    expect(parseAppUrl('agencyiq://licence/cancelled')).toEqual({
      ok: true,
      action: { kind: 'licence-return', outcome: 'cancelled', sessionId: null },
    });
    expect(parseAppUrl('agencyiq://licence/portal')).toEqual({
      ok: true,
      action: { kind: 'licence-return', outcome: 'portal', sessionId: null },
    });
  });

  it('parses compose and draft links, with or without a trailing slash', () => {
    expect(parseAppUrl('agencyiq://compose')).toEqual({ ok: true, action: { kind: 'open-compose' } });
    expect(parseAppUrl('agencyiq://compose/')).toEqual({ ok: true, action: { kind: 'open-compose' } });
    expect(parseAppUrl(`agencyiq://drafts/${DRAFT_ID}`)).toEqual({ ok: true, action: { kind: 'open-draft', id: DRAFT_ID } });
    expect(parseAppUrl(`agencyiq://drafts/${DRAFT_ID}/`)).toEqual({ ok: true, action: { kind: 'open-draft', id: DRAFT_ID } });
  });

  it('accepts a link exactly at the length limit', () => {
    const base = 'agencyiq://oauth/x?state=' + STATE + '&code=';
    const link = base + 'a'.repeat(Math.min(1024, MAX_DEEP_LINK_LENGTH - base.length));
    expect(parseAppUrl(link).ok).toBe(true);
  });
});

const hostile: Array<[string, unknown, DeepLinkRejection]> = [
  // Not a string at all.
  ['undefined', undefined, 'not_a_string'],
  ['null', null, 'not_a_string'],
  ['a number', 42, 'not_a_string'],
  ['an object with toString', { toString: () => 'agencyiq://compose' }, 'not_a_string'],
  ['an array', ['agencyiq://compose'], 'not_a_string'],
  ['a String object', new String('agencyiq://compose'), 'not_a_string'],
  // Size.
  ['a huge string', 'agencyiq://compose?' + 'a'.repeat(1_000_000), 'too_long'],
  ['one character over the limit', 'agencyiq://oauth/x?code=' + 'a'.repeat(MAX_DEEP_LINK_LENGTH), 'too_long'],
  // Scheme.
  ['the empty string', '', 'wrong_scheme'],
  ['javascript:', 'javascript:alert(1)//agencyiq://compose', 'wrong_scheme'],
  ['https', 'https://agencyiq.com/oauth/x?code=a&state=b', 'wrong_scheme'],
  ['file:', 'file:///etc/passwd', 'wrong_scheme'],
  ['mixed-case scheme', 'AgencyIQ://compose', 'wrong_scheme'],
  ['upper-case scheme', 'AGENCYIQ://compose', 'wrong_scheme'],
  ['scheme without slashes', 'agencyiq:compose', 'wrong_scheme'],
  ['scheme with one slash', 'agencyiq:/compose', 'wrong_scheme'],
  ['look-alike scheme', 'agencyiqx://compose', 'wrong_scheme'],
  ['scheme prefix inside another', 'xagencyiq://compose', 'wrong_scheme'],
  ['leading space', ' agencyiq://compose', 'illegal_characters'],
  // Characters.
  ['NUL byte', 'agencyiq://compose\0', 'illegal_characters'],
  ['CRLF injection', 'agencyiq://compose\r\nSet-Cookie: x=y', 'illegal_characters'],
  ['tab inside the host', 'agencyiq://com\tpose', 'illegal_characters'],
  ['DEL character', 'agencyiq://compose\x7f', 'illegal_characters'],
  ['fullwidth look-alike scheme', 'ａgencyiq://compose', 'illegal_characters'],
  ['Cyrillic a in host', 'agencyiq://c\u043emp\u043ese', 'illegal_characters'],
  ['bidi override', `agencyiq://drafts/\u202e${DRAFT_ID}`, 'illegal_characters'],
  ['zero-width space', 'agencyiq://com\u200bpose', 'illegal_characters'],
  ['raw unicode in a parameter', `agencyiq://oauth/x?code=caf\u00e9&state=${STATE}`, 'illegal_characters'],
  // Authority.
  ['credentials', 'agencyiq://user:pass@compose', 'credentials'],
  ['user only', 'agencyiq://evil@oauth/x?code=a&state=' + STATE, 'credentials'],
  ['port', 'agencyiq://compose:8080', 'port'],
  ['empty host', 'agencyiq:///compose', 'unknown_host'],
  ['unknown host', 'agencyiq://settings', 'unknown_host'],
  ['upper-case host', 'agencyiq://COMPOSE', 'unknown_host'],
  ['host with a dot', 'agencyiq://compose.evil.com', 'unknown_host'],
  ['encoded host', 'agencyiq://%63ompose', 'unknown_host'],
  ['prototype name as host', 'agencyiq://__proto__', 'unknown_host'],
  ['fragment', 'agencyiq://compose#x', 'fragment'],
  ['token in a fragment', `agencyiq://oauth/x#access_token=abc&state=${STATE}`, 'fragment'],
  // Paths.
  ['dot-dot traversal', `agencyiq://drafts/../${DRAFT_ID}`, 'malformed_path'],
  ['single dot', 'agencyiq://compose/.', 'malformed_path'],
  ['encoded traversal', `agencyiq://drafts/%2e%2e/${DRAFT_ID}`, 'malformed_path'],
  ['double-encoded traversal', 'agencyiq://drafts/%252e%252e%252fetc', 'malformed_path'],
  ['encoded slash', 'agencyiq://oauth/x%2Fcomplete?handoff=' + HANDOFF, 'malformed_path'],
  ['backslash', 'agencyiq://oauth\\x?code=a&state=' + STATE, 'unknown_host'],
  ['empty segment', 'agencyiq://oauth//x', 'malformed_path'],
  ['two trailing slashes', 'agencyiq://compose//', 'malformed_path'],
  ['upper-case platform', `agencyiq://oauth/X?code=${CODE}&state=${STATE}`, 'malformed_path'],
  ['extra segment', 'agencyiq://compose/now', 'unknown_path'],
  ['platform without deep-link OAuth', `agencyiq://oauth/facebook?code=${CODE}&state=${STATE}`, 'unknown_path'],
  ['unknown platform', `agencyiq://oauth/myspace?code=${CODE}&state=${STATE}`, 'unknown_path'],
  ['oauth without platform', `agencyiq://oauth?code=${CODE}&state=${STATE}`, 'unknown_path'],
  ['unknown licence outcome', 'agencyiq://licence/refund', 'unknown_path'],
  ['draft without id', 'agencyiq://drafts', 'unknown_path'],
  ['draft id too long for a segment', 'agencyiq://drafts/' + 'a'.repeat(65), 'malformed_path'],
  // Query.
  ['duplicated code', `agencyiq://oauth/x?code=a&code=b&state=${STATE}`, 'duplicate_parameter'],
  ['duplicated state', `agencyiq://oauth/x?code=${CODE}&state=${STATE}&state=${STATE}x`, 'duplicate_parameter'],
  ['duplicated handoff', `agencyiq://oauth/complete?handoff=${HANDOFF}&handoff=${HANDOFF}`, 'duplicate_parameter'],
  ['missing state', `agencyiq://oauth/x?code=${CODE}`, 'missing_parameter'],
  ['missing code', `agencyiq://oauth/x?state=${STATE}`, 'missing_parameter'],
  ['error without state', 'agencyiq://oauth/x?error=access_denied', 'missing_parameter'],
  ['missing handoff', 'agencyiq://oauth/complete', 'missing_parameter'],
  ['code and error together', `agencyiq://oauth/x?code=${CODE}&error=access_denied&state=${STATE}`, 'unknown_parameter'],
  ['code and error together, error first', `agencyiq://oauth/x?error=access_denied&code=${CODE}&state=${STATE}`, 'unknown_parameter'],
  ['an iss that is not an issuer URL', `agencyiq://oauth/x?code=${CODE}&state=${STATE}&iss=evil`, 'invalid_parameter'],
  ['an iss with a query', `agencyiq://oauth/x?code=${CODE}&state=${STATE}&iss=https%3A%2F%2Fa.example%2F%3Fx%3D1`, 'invalid_parameter'],
  ['two iss values', `agencyiq://oauth/x?code=${CODE}&state=${STATE}&iss=https%3A%2F%2Fa.example&iss=https%3A%2F%2Fb.example`, 'duplicate_parameter'],
  ['unknown parameter on the relay handoff', `agencyiq://oauth/complete?handoff=${HANDOFF}&iss=https%3A%2F%2Fa.example`, 'unknown_parameter'],
  ['parameter on compose', 'agencyiq://compose?body=hello', 'unknown_parameter'],
  ['session id on cancel', 'agencyiq://licence/cancelled?session_id=cs_test_abc', 'unknown_parameter'],
  ['prototype pollution name', 'agencyiq://compose?__proto__=x', 'unknown_parameter'],
  ['constructor name', `agencyiq://oauth/complete?handoff=${HANDOFF}&constructor=x`, 'unknown_parameter'],
  ['empty pair', `agencyiq://oauth/x?code=${CODE}&&state=${STATE}`, 'malformed_query'],
  ['name without value', `agencyiq://oauth/x?code&state=${STATE}`, 'malformed_query'],
  ['value without name', 'agencyiq://compose?=x', 'malformed_query'],
  ['encoded parameter name', `agencyiq://oauth/x?%63ode=${CODE}&state=${STATE}`, 'malformed_query'],
  ['upper-case parameter name (not the code)', `agencyiq://oauth/x?CODE=${CODE}&state=${STATE}`, 'missing_parameter'],
  ['parameter name with a bracket', `agencyiq://oauth/x?code[]=${CODE}&state=${STATE}`, 'malformed_query'],
  ['broken percent-encoding', `agencyiq://oauth/x?code=%E0%A4%A&state=${STATE}`, 'malformed_query'],
  ['too many parameters', 'agencyiq://compose?' + Array.from({ length: 17 }, (_, i) => `a${'b'.repeat(i)}=1`).join('&'), 'malformed_query'],
  ['too many parameters on an OAuth answer', `agencyiq://oauth/x?code=${CODE}&state=${STATE}&` + Array.from({ length: 15 }, (_, i) => `p${i}=1`).join('&'), 'malformed_query'],
  ['empty code', `agencyiq://oauth/x?code=&state=${STATE}`, 'invalid_parameter'],
  ['double-encoded code', `agencyiq://oauth/x?code=%2541%2542&state=${STATE}`, 'invalid_parameter'],
  ['encoded NUL in code', `agencyiq://oauth/x?code=abc%00def&state=${STATE}`, 'invalid_parameter'],
  ['encoded newline in code', `agencyiq://oauth/x?code=abc%0D%0Adef&state=${STATE}`, 'invalid_parameter'],
  ['encoded unicode in code', `agencyiq://oauth/x?code=%EF%BC%A1bc&state=${STATE}`, 'invalid_parameter'],
  ['space in code', `agencyiq://oauth/x?code=a+b&state=${STATE}`, 'invalid_parameter'],
  ['oversize code', `agencyiq://oauth/x?code=${'a'.repeat(1025)}&state=${STATE}`, 'invalid_parameter'],
  ['short state', `agencyiq://oauth/x?code=${CODE}&state=abc`, 'invalid_parameter'],
  ['state with punctuation', `agencyiq://oauth/x?code=${CODE}&state=${STATE}%3Cscript%3E`, 'invalid_parameter'],
  ['script in error', `agencyiq://oauth/x?error=%3Cscript%3E&state=${STATE}`, 'invalid_parameter'],
  ['quote in error description', `agencyiq://oauth/x?error=x&error_description=%22hi%22&state=${STATE}`, 'invalid_parameter'],
  ['oversize error description', `agencyiq://oauth/x?error=x&error_description=${'a'.repeat(501)}&state=${STATE}`, 'invalid_parameter'],
  ['short handoff', 'agencyiq://oauth/complete?handoff=abc', 'invalid_parameter'],
  ['handoff with a slash', `agencyiq://oauth/complete?handoff=${HANDOFF}%2F..`, 'invalid_parameter'],
  ['foreign Stripe session id', 'agencyiq://licence/success?session_id=pi_123', 'invalid_parameter'],
  ['draft id not a uuid', 'agencyiq://drafts/not-a-uuid', 'invalid_parameter'],
  ['draft id upper case', `agencyiq://drafts/${DRAFT_ID.toUpperCase()}`, 'malformed_path'],
  ['draft id with bad variant', 'agencyiq://drafts/3f2b8c1e-9d4a-4e6b-0a7c-1b2c3d4e5f60', 'invalid_parameter'],
  ['draft id, nil uuid', 'agencyiq://drafts/00000000-0000-0000-0000-000000000000', 'invalid_parameter'],
];

describe('parseAppUrl: hostile input', () => {
  it.each(hostile)('refuses %s', (_name, input, reason) => {
    expect(parseAppUrl(input)).toEqual({ ok: false, reason });
  });

  it('has at least thirty hostile cases', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(30);
  });

  it('stays fast on pathological input', () => {
    const inputs = [
      'agencyiq://oauth/x?' + 'code=a&'.repeat(290),
      'agencyiq://' + '/'.repeat(2000),
      'agencyiq://oauth/x?code=' + '%25'.repeat(600),
      'agencyiq://drafts/' + 'a-'.repeat(1000),
    ];
    const started = performance.now();
    for (let i = 0; i < 200; i += 1) for (const input of inputs) expect(parseAppUrl(input).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never throws, whatever it is given', () => {
    const samples: unknown[] = [Symbol('x'), () => 'agencyiq://compose', 10n, new Proxy({}, {}), Object.create(null)];
    for (let i = 0; i < 2000; i += 1) {
      samples.push('agencyiq://' + String.fromCharCode(...Array.from({ length: i % 40 }, (_, j) => (i * 31 + j * 7) % 128)));
    }
    for (const sample of samples) expect(() => parseAppUrl(sample)).not.toThrow();
  });
});

describe('findDeepLinkArgument', () => {
  it('finds the link among Chromium switches and the app path', () => {
    expect(findDeepLinkArgument(['/opt/AgencyIQ/agencyiq', '--no-sandbox', 'agencyiq://compose'])).toBe('agencyiq://compose');
  });

  it('returns a mis-cased link so the parser can refuse and log it', () => {
    expect(findDeepLinkArgument(['app', 'AgencyIQ://compose'])).toBe('AgencyIQ://compose');
  });

  it('returns null when there is none, and ignores non-strings', () => {
    expect(findDeepLinkArgument(['app', '--flag', 'https://agencyiq.com'])).toBeNull();
    expect(findDeepLinkArgument([42, null, undefined])).toBeNull();
    expect(findDeepLinkArgument([])).toBeNull();
  });
});
