import { describe, expect, it } from 'vitest';
import { MAX_LOGGED_STRING_LENGTH, REDACTED, isSensitiveKey, redact, redactString } from '../../electron/core/logging/redact';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const SECRET = 'S3cr3tV4lu3-that-must-not-leak';

/** Asserts the text no longer contains any of the secrets. */
function expectClean(text: unknown, ...secrets: string[]): void {
  const serialised = typeof text === 'string' ? text : JSON.stringify(text);
  for (const secret of secrets) expect(serialised).not.toContain(secret);
}

describe('redactString: URLs and parameters', () => {
  it('masks code and state in an OAuth callback URL but keeps the rest', () => {
    const out = redactString(`Deep link refused: agencyiq://oauth/x?code=${SECRET}&state=abcDEF123456789xyz`);
    expect(out).toBe(`Deep link refused: agencyiq://oauth/x?code=${REDACTED}&state=${REDACTED}`);
  });

  it('masks tokens carried in a fragment', () => {
    const out = redactString(`https://example.com/cb#access_token=${SECRET}&token_type=bearer&expires_in=3600`);
    expectClean(out, SECRET);
    expect(out).toContain('expires_in=3600');
    expect(out).toContain('https://example.com/cb#access_token=');
  });

  it('masks form bodies', () => {
    const out = redactString(
      `grant_type=refresh_token&refresh_token=${SECRET}&client_id=abc&client_secret=${SECRET}x&code_verifier=${SECRET}y`,
    );
    expectClean(out, SECRET);
    expect(out).toContain('grant_type=refresh_token');
    expect(out).toContain('client_id=abc');
  });

  it('is case-insensitive about parameter names', () => {
    expectClean(redactString(`?Code=${SECRET}&STATE=${SECRET}1&Access_Token=${SECRET}2`), SECRET);
  });

  it('does not touch look-alike names', () => {
    expect(redactString('postcode=4000&zipcode=90210&statement=ok')).toBe('postcode=4000&zipcode=90210&statement=ok');
  });

  it('masks parameters inside a percent-encoded URL', () => {
    const out = redactString(`redirect=https%3A%2F%2Fapp%2Fcb%3Fcode%3D${SECRET}%26state%3D${SECRET}2%26keep%3D1`);
    expectClean(out, SECRET);
    expect(out).toContain('keep%3D1');
  });

  it('masks the handoff secret of a relay deep link', () => {
    expectClean(redactString(`agencyiq://oauth/complete?handoff=${SECRET}`), SECRET);
  });
});

describe('redactString: headers, keys and tokens', () => {
  it('masks Authorization headers whatever the scheme or case', () => {
    for (const header of [
      `Authorization: Bearer ${SECRET}`,
      `authorization: basic ${SECRET}`,
      `AUTHORIZATION=Token ${SECRET}`,
      `Proxy-Authorization: Basic ${SECRET}`,
      `"Authorization":"Bearer ${SECRET}"`,
    ]) {
      const out = redactString(header);
      expectClean(out, SECRET);
      expect(out).toContain(REDACTED);
    }
  });

  it('masks bare Bearer and Basic credentials', () => {
    expectClean(redactString(`sent Bearer ${SECRET} to the API`), SECRET);
    expect(redactString('using Basic dXNlcjpwYXNzd29yZA== now')).toBe(`using Basic ${REDACTED} now`);
  });

  it('keeps prose about Basic authentication readable', () => {
    expect(redactString('Basic authentication is not supported')).toBe('Basic authentication is not supported');
  });

  it('masks cookies', () => {
    expectClean(redactString(`Set-Cookie: session=${SECRET}; HttpOnly\nCookie: a=${SECRET}`), SECRET);
  });

  it('masks Stripe secret, restricted and webhook keys but not publishable keys', () => {
    const out = redactString(
      'keys sk_live_51HxAbCdEf sk_test_4eC39HqLyjWDarjtT1zdp7dc rk_live_abc123DEF whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw pk_live_public123',
    );
    expect(out).toBe(
      `keys sk_live_${REDACTED} sk_test_${REDACTED} rk_live_${REDACTED} whsec_${REDACTED} pk_live_public123`,
    );
  });

  it("masks OpenAI-style API keys (the assistant's key) written as prose", () => {
    const out = redactString('key was sk-proj-Abc123_def456-GHI789jkl and sk-live0123456789abcdefXYZ; not sk-short');
    expect(out).toBe(`key was sk-${REDACTED} and sk-${REDACTED}; not sk-short`);
  });

  it('masks JWT-looking strings', () => {
    const out = redactString(`id_token is ${JWT} ok`);
    expectClean(out, 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0');
    expect(out.endsWith(' ok')).toBe(true);
  });

  it('masks provider token shapes', () => {
    const google = 'ya29.a0AfH6SMBx-verylongaccesstoken_value';
    const googleRefresh = '1//0gLongRefreshTokenValue_abcdefghijkl';
    const meta = 'EAAGm0PX4ZCpsBAKZAZB' + 'x'.repeat(40);
    expectClean(redactString(`${google} ${googleRefresh} ${meta}`), google, googleRefresh, meta);
  });

  it('masks licence keys as a property, a parameter and prose', () => {
    expect(redact({ licenceKey: 'AIQL-7Q2W-9E4R-1T6Y', plan: 'growth' })).toEqual({ licenceKey: REDACTED, plan: 'growth' });
    expect(redactString('activate?licence_key=AIQL-7Q2W-9E4R-1T6Y&x=1')).toBe(`activate?licence_key=${REDACTED}&x=1`);
    expect(redactString('licence key: AIQL-7Q2W-9E4R-1T6Y')).not.toContain('AIQL-7Q2W');
    expect(redactString('{"license_key":"AIQL-7Q2W-9E4R-1T6Y"}')).not.toContain('AIQL-7Q2W');
  });

  it('masks secrets written as prose key: value', () => {
    expectClean(redactString(`password: ${SECRET} client_secret = ${SECRET}2 api-key:${SECRET}3`), SECRET);
  });

  it('masks secret values inside JSON strings, keeping other fields', () => {
    const json = JSON.stringify({
      access_token: SECRET,
      refreshToken: `${SECRET}2`,
      expires_in: 3600,
      nested: { client_secret: `${SECRET}3`, password: 12345678 },
      error: { code: 'invalid_grant', message: 'expired' },
      state: 'needs_check',
    });
    const out = redactString(json);
    expectClean(out, SECRET, '12345678');
    expect(out).toContain('"expires_in":3600');
    expect(out).toContain('"code":"invalid_grant"');
    expect(out).toContain('"state":"needs_check"');
  });

  it('masks a JSON string that contains escaped quotes', () => {
    const json = JSON.stringify({ token: `abc"${SECRET}"def` });
    expectClean(redactString(json), SECRET);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Published post 42 to LinkedIn in 231 ms; 11 posts left this cycle (resets 2025-07-01).';
    expect(redactString(text)).toBe(text);
  });

  it('cuts very long strings after redacting them, quickly', () => {
    const long = `start code=${SECRET} ` + 'x'.repeat(2_000_000) + ` Bearer ${SECRET}`;
    const started = performance.now();
    const out = redactString(long);
    expect(performance.now() - started).toBeLessThan(2000);
    expectClean(out, SECRET);
    expect(out.length).toBeLessThan(MAX_LOGGED_STRING_LENGTH + 100);
    expect(out).toMatch(/more characters\]$/);
  });

  it('stays fast on inputs built to make regular expressions backtrack', () => {
    const inputs = [
      '"a":"'.repeat(50_000),
      'Basic '.repeat(50_000),
      'code='.repeat(50_000),
      '"'.repeat(200_000),
      'eyJ' + 'a.'.repeat(100_000),
      'authorization'.repeat(20_000),
      '%3Fcode%3D' + '%2'.repeat(100_000),
    ];
    const started = performance.now();
    for (const input of inputs) redactString(input);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('redact: structured values', () => {
  it('masks sensitive keys at any depth and in arrays', () => {
    const input = {
      connection: {
        platform: 'x',
        accessToken: SECRET,
        refresh_token: `${SECRET}2`,
        tokenExpiresAt: 1_700_000_000,
        headers: { Authorization: `Bearer ${SECRET}3`, 'Set-Cookie': ['a=b'], Accept: 'application/json' },
      },
      list: [{ apiKey: `${SECRET}4` }, { clientSecret: `${SECRET}5` }, { PASSWORD: `${SECRET}6` }],
      privateKey: `${SECRET}7`,
      cookie: `${SECRET}8`,
      credentials: { user: 'a', pass: `${SECRET}9` },
    };
    const out = redact(input) as typeof input;
    expectClean(out, SECRET);
    expect(out.connection.platform).toBe('x');
    expect(out.connection.headers.Accept).toBe('application/json');
    expect(out.connection.accessToken).toBe(REDACTED);
    expect(out.connection.headers['Set-Cookie']).toBe(REDACTED);
  });

  it('keeps flags and empty values under sensitive names readable', () => {
    expect(redact({ hasToken: true, refreshToken: null, password: undefined })).toEqual({
      hasToken: true,
      refreshToken: null,
      password: undefined,
    });
  });

  it('treats code and state by value: diagnostics kept, OAuth values masked', () => {
    expect(redact({ code: 'ENOENT', state: 'needs_check', status: 404 })).toEqual({
      code: 'ENOENT',
      state: 'needs_check',
      status: 404,
    });
    expect(redact({ code: 'forbidden_sender' })).toEqual({ code: 'forbidden_sender' });
    expect(redact({ code: 'Vx7Qp2_xY', state: 'Zm9vYmFy-YmF6cXV4' })).toEqual({ code: REDACTED, state: REDACTED });
    expect(redact({ authCode: 'ENOENT', oauth_code: 'abc' })).toEqual({ authCode: REDACTED, oauth_code: REDACTED });
  });

  it('leaves look-alike keys alone, and errs on the side of masking', () => {
    expect(redact({ errorCode: 'x1Y2', zipCode: '4000', tokenizer: 'gpt' })).toEqual({
      errorCode: 'x1Y2',
      zipCode: '4000',
      tokenizer: REDACTED,
    });
  });

  it('scrubs strings under innocent keys', () => {
    const out = redact({ url: `https://api.x.com/2/oauth2/token?code=${SECRET}`, note: `Bearer ${SECRET}` });
    expectClean(out, SECRET);
  });

  it('survives cycles and keeps shared (non-cyclic) references', () => {
    const shared = { name: 'shared' };
    const node: Record<string, unknown> = { name: 'root', token: SECRET, a: shared, b: shared };
    node.self = node;
    node.children = [node, { parent: node }];
    const out = redact(node) as Record<string, unknown>;
    expect(out.self).toBe('[circular]');
    expect(out.children).toEqual(['[circular]', { parent: '[circular]' }]);
    expect(out.a).toEqual({ name: 'shared' });
    expect(out.b).toEqual({ name: 'shared' });
    expectClean(out, SECRET);
  });

  it('survives cycles through Maps, Sets and arrays', () => {
    const map = new Map<string, unknown>([['accessToken', SECRET]]);
    const set = new Set<unknown>([map]);
    const array: unknown[] = [set];
    map.set('loop', array);
    const out = redact(array) as unknown[];
    const outMap = [...(out[0] as Set<unknown>)][0] as Map<string, unknown>;
    expect(outMap.get('accessToken')).toBe(REDACTED);
    expect(outMap.get('loop')).toBe('[circular]');
  });

  it('stops at a depth limit', () => {
    let deep: Record<string, unknown> = { token: SECRET };
    for (let i = 0; i < 1000; i += 1) deep = { next: deep };
    const out = JSON.stringify(redact(deep));
    expect(out).toContain('[nested too deeply]');
    expectClean(out, SECRET);
  });

  it('limits very wide arrays and objects', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => `code=${SECRET}${i}`);
    const out = redact(wide) as unknown[];
    expect(out.length).toBe(201);
    expectClean(out, SECRET);
  });

  it('keeps an Error an Error and scrubs its message, stack, extras and cause', () => {
    const cause = new Error(`inner Authorization: Bearer ${SECRET}`);
    const error = new Error(`token request failed: refresh_token=${SECRET}2`, { cause }) as Error & {
      response?: unknown;
    };
    error.response = { headers: { authorization: `Bearer ${SECRET}3` }, status: 401 };
    const out = redact(error) as Error & { response?: { status: number } };
    expect(out).toBeInstanceOf(Error);
    expectClean(out.message, SECRET);
    expectClean(out.stack, SECRET);
    expect(out.response?.status).toBe(401);
    expectClean(out.response, SECRET);
    expectClean((out.cause as Error).message, SECRET);
  });

  it('reduces bytes to their length', () => {
    expect(redact({ ciphertext: Buffer.from('secret-bytes') })).toEqual({ ciphertext: '[12 bytes]' });
    expect(redact({ tokenCiphertext: Buffer.from('secret-bytes') })).toEqual({ tokenCiphertext: REDACTED });
    expect(redact({ blob: new Uint8Array(12) })).toEqual({ blob: '[12 bytes]' });
  });

  it('does not modify its input', () => {
    const input = { token: SECRET, nested: { url: `?code=${SECRET}` } };
    const before = JSON.stringify(input);
    redact(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('copes with throwing getters, proxies, null prototypes and __proto__ keys', () => {
    const throwing = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { password: SECRET });
    const polluted = JSON.parse(`{"__proto__": {"token": "${SECRET}"}}`) as object;
    expect(redact({ throwing })).toEqual({ throwing: { boom: '[unreadable]' } });
    expect(redact(proxy)).toBe('[unreadable]');
    expect(redact(bare)).toEqual({ password: REDACTED });
    const out = redact(polluted) as Record<string, unknown>;
    expectClean(JSON.stringify(Object.getOwnPropertyDescriptor(out, '__proto__')?.value), SECRET);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('passes primitives through and describes functions and symbols', () => {
    expect(redact(42)).toBe(42);
    expect(redact(true)).toBe(true);
    expect(redact(null)).toBeNull();
    expect(redact(undefined)).toBeUndefined();
    expect(redact(10n)).toBe(10n);
    expect(redact(function handler() {})).toBe('[function handler]');
    expect(redact(Symbol('x'))).toBe('Symbol(x)');
    expect(redact(new Date(0))).toEqual(new Date(0));
    expect(redact(new URL(`https://a.example/?access_token=${SECRET}`))).toBe(`https://a.example/?access_token=${REDACTED}`);
  });
});

describe('isSensitiveKey', () => {
  it.each([
    'token',
    'access_token',
    'accessToken',
    'REFRESH-TOKEN',
    'id_token',
    'client_secret',
    'webhookSecret',
    'password',
    'Authorization',
    'cookie',
    'Set-Cookie',
    'apiKey',
    'api_key',
    'X-Api-Key',
    'privateKey',
    'code',
    'authorization_code',
    'codeVerifier',
    'handoff',
    'state',
  ])('%s is sensitive', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(['errorCode', 'statusCode', 'zipCode', 'postcode', 'status', 'platform', 'message', 'stateful', 'id'])(
    '%s is not',
    (key) => {
      expect(isSensitiveKey(key)).toBe(false);
    },
  );
});
