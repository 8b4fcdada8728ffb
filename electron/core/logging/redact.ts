/**
 * Log redaction. Every line the app writes passes through `redact` first, so a token, an OAuth
 * code or a Stripe key that ends up in a log message, an error or a details object is masked
 * before it reaches a file the owner might attach to a support email.
 *
 * It errs on the side of masking: a false positive costs a little readability, a false negative
 * leaks a credential. Everything else is kept as written so the logs stay useful.
 */

/** What a masked value is replaced with. */
export const REDACTED = '[redacted]';

/** Longer strings are cut (after redaction, so the cut can never expose half a secret). */
export const MAX_LOGGED_STRING_LENGTH = 20_000;
const MAX_DEPTH = 8;
const MAX_ENTRIES = 200;

// Names whose value is a secret wherever they appear as `name=value` (query strings, fragments
// like `#access_token=`, form bodies, `key=value` prose). `state` and `code` are here because
// an OAuth callback URL carries them; `handoff` is the relay's one-time secret.
const SECRET_PARAMETER_NAMES = [
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'oauth_token',
  'oauth_verifier',
  'code',
  'code_verifier',
  'state',
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'passwd',
  'pwd',
  'secret',
  'api_key',
  'apikey',
  'handoff',
  'signature',
  'sig',
  'licence_key',
  'license_key',
].join('|');

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

// Each pattern is linear (no nested quantifiers) so a hostile multi-megabyte string cannot
// stall the logger. Order matters: whole headers go before the schemes they contain.
const RULES: readonly Rule[] = [
  // `Authorization: Bearer abc`, `"authorization": "Basic …"`, `Proxy-Authorization=…`
  {
    pattern: /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi,
    replace: (_m, head) => `${head}${REDACTED}`,
  },
  // Cookie headers carry session secrets in whatever shape the server chose.
  {
    pattern: /\b((?:set-)?cookie["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi,
    replace: (_m, head) => `${head}${REDACTED}`,
  },
  // A bare `Bearer <token>` outside a header.
  {
    pattern: /\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi,
    replace: (_m, scheme) => `${scheme} ${REDACTED}`,
  },
  // `Basic <base64>`; the credential must look like base64 (a digit, `+`, `/` or `=`) so that
  // prose such as "Basic authentication" stays readable.
  {
    pattern: /\b(basic)\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{6,}=*/gi,
    replace: (_m, scheme) => `${scheme} ${REDACTED}`,
  },
  // JSON-looking `"key": "value"` pairs inside strings (request bodies, serialised errors).
  {
    pattern: /"([^"\\\r\n]{1,100})"(\s*:\s*)("(?:[^"\\]|\\.){0,100000}"|-?\d[\d.eE+-]*)/g,
    replace: (match, key, colon, value) =>
      isSensitiveKey(key) && shouldMaskValue(key, jsonStringValue(value)) ? `"${key}"${colon}"${REDACTED}"` : match,
  },
  // `name=value` in URLs (query and fragment), form bodies and prose.
  {
    pattern: new RegExp(`(^|[?&#;,\\s"'(/])(${SECRET_PARAMETER_NAMES})=[^&#\\s"',;)]*`, 'gi'),
    replace: (_m, lead, name) => `${lead}${name}=${REDACTED}`,
  },
  // The same inside a percent-encoded URL carried as a parameter (`redirect=…%3Fcode%3D…`).
  {
    pattern: new RegExp(`(%3F|%26|%23)(${SECRET_PARAMETER_NAMES})%3D(?:(?!%26|%23)[^&#\\s"'])*`, 'gi'),
    replace: (_m, lead, name) => `${lead}${name}%3D${REDACTED}`,
  },
  // `password: hunter2`, `client_secret = abc` written as prose.
  {
    pattern:
      /\b(password|passwd|client_secret|secret|api[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|licen[cs]e[_ -]?key)(\s*[:=]\s*)(?!\[redacted\])[^\s,;"']+/gi,
    replace: (_m, name, separator) => `${name}${separator}${REDACTED}`,
  },
  // Stripe secret, restricted and webhook-signing keys. Publishable keys (pk_) are public.
  {
    pattern: /\b(sk_live_|sk_test_|rk_live_|rk_test_|whsec_)[A-Za-z0-9]+/g,
    replace: (_m, prefix) => `${prefix}${REDACTED}`,
  },
  // OpenAI-style API keys (`sk-…`, `sk-proj-…`), which many OpenAI-compatible providers copy.
  {
    pattern: /\bsk-[A-Za-z0-9_-]{16,}/g,
    replace: () => `sk-${REDACTED}`,
  },
  // JWTs (JWS and JWE): base64url JSON header starting `{"` → `eyJ`.
  {
    pattern: /\beyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,4}/g,
    replace: () => `${REDACTED}(jwt)`,
  },
  // Provider token shapes we handle: Google access (`ya29.`) and refresh (`1//`) tokens,
  // Meta user/page tokens (`EAA…`).
  {
    pattern: /\bya29\.[A-Za-z0-9_\-.]+|(?<![\w/])1\/\/[A-Za-z0-9_-]{16,}|\bEAA[A-Za-z0-9]{30,}/g,
    replace: () => REDACTED,
  },
];

/** Masks every secret this module knows how to recognise in a piece of text. */
export function redactString(text: string): string {
  let result = text;
  for (const rule of RULES) result = result.replace(rule.pattern, rule.replace as (match: string) => string);
  if (result.length > MAX_LOGGED_STRING_LENGTH) {
    const cut = result.length - MAX_LOGGED_STRING_LENGTH;
    result = `${result.slice(0, MAX_LOGGED_STRING_LENGTH)}…[${cut} more characters]`;
  }
  return result;
}

// Normalised (lowercase, no `_`/`-`) key fragments that mark a value as secret wherever they occur.
const SENSITIVE_KEY_FRAGMENTS = [
  'token',
  'secret',
  'password',
  'passwd',
  'authorization',
  'cookie',
  'apikey',
  'privatekey',
  'credential',
  'signature',
  'handoff',
  'codeverifier',
  // The licence key activates a device: as good as a password for the owner's plan.
  'licencekey',
  'licensekey',
];
// Keys that are secret only as a whole word: `errorCode` and `zipCode` are not.
const SENSITIVE_EXACT_KEYS = new Set(['code', 'authcode', 'authorizationcode', 'oauthcode', 'state', 'pwd', 'sig']);
// For `code` and `state` the name alone is ambiguous: `{ code: 'ENOENT' }`, `{ code: 'not_found' }`
// and a post target's `{ state: 'needs_check' }` are diagnostics, an OAuth code or state is not.
const AMBIGUOUS_KEYS = new Set(['code', 'state']);
const IDENTIFIER_VALUE = /^(?:[A-Z][A-Z0-9_]*|[a-z][a-z_]*)$/;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** True when a property or parameter with this name holds a secret (`accessToken`, `Set-Cookie`, `client_secret`, …). */
export function isSensitiveKey(key: string): boolean {
  const normalised = normaliseKey(key);
  return SENSITIVE_EXACT_KEYS.has(normalised) || SENSITIVE_KEY_FRAGMENTS.some((fragment) => normalised.includes(fragment));
}

function shouldMaskValue(key: string, value: unknown): boolean {
  // Flags and absent values (`hasToken: true`, `refreshToken: null`) say nothing secret.
  if (value === null || value === undefined || typeof value === 'boolean') return false;
  if (AMBIGUOUS_KEYS.has(normaliseKey(key))) {
    if (typeof value === 'number') return false;
    if (typeof value === 'string' && value.length <= 64 && IDENTIFIER_VALUE.test(value)) return false;
  }
  return true;
}

function jsonStringValue(literal: string): unknown {
  if (!literal.startsWith('"')) return Number(literal);
  try {
    return JSON.parse(literal) as unknown;
  } catch {
    return literal;
  }
}

/**
 * Returns a redacted copy of any value for logging: strings are scrubbed, objects are copied with
 * secret-named properties masked (at any depth, in arrays, Maps and Sets, and in Errors including
 * their message, stack and cause). Cycles become `[circular]`; very deep or wide structures are
 * cut. It never throws and never modifies its input.
 */
export function redact(value: unknown): unknown {
  return redactValue(value, new WeakSet<object>(), 0);
}

function redactValue(value: unknown, ancestors: WeakSet<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return redactString(value);
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return value;
    case 'symbol':
      return redactString(value.toString());
    case 'function':
      return `[function ${redactString(value.name) || 'anonymous'}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested too deeply]';
  ancestors.add(object);
  try {
    return redactObject(object, ancestors, depth + 1);
  } catch {
    // A Proxy or a getter that throws: say so rather than let logging fail.
    return '[unreadable]';
  } finally {
    ancestors.delete(object);
  }
}

function redactObject(object: object, ancestors: WeakSet<object>, depth: number): unknown {
  if (object instanceof Date) return new Date(object.getTime());
  if (object instanceof URL) return redactString(object.href);
  if (object instanceof RegExp) return redactString(object.toString());
  // Bytes are usually ciphertext or keys; their length is all a log needs.
  if (ArrayBuffer.isView(object)) return `[${object.byteLength} bytes]`;
  if (object instanceof ArrayBuffer) return `[${object.byteLength} bytes]`;
  if (object instanceof Error) return redactError(object, ancestors, depth);
  if (Array.isArray(object)) {
    const items = object.slice(0, MAX_ENTRIES).map((item: unknown) => redactValue(item, ancestors, depth));
    if (object.length > MAX_ENTRIES) items.push(`[${object.length - MAX_ENTRIES} more items]`);
    return items;
  }
  if (object instanceof Map) {
    const copy = new Map<unknown, unknown>();
    for (const [key, item] of [...object.entries()].slice(0, MAX_ENTRIES)) {
      const masked = typeof key === 'string' && isSensitiveKey(key) && shouldMaskValue(key, item);
      copy.set(redactValue(key, ancestors, depth), masked ? REDACTED : redactValue(item, ancestors, depth));
    }
    return copy;
  }
  if (object instanceof Set) {
    return new Set([...object].slice(0, MAX_ENTRIES).map((item: unknown) => redactValue(item, ancestors, depth)));
  }
  return redactProperties(object, {}, ancestors, depth);
}

function redactProperties(
  source: object,
  target: Record<string, unknown>,
  ancestors: WeakSet<object>,
  depth: number,
): Record<string, unknown> {
  const keys = Object.keys(source);
  for (const key of keys.slice(0, MAX_ENTRIES)) {
    let item: unknown;
    try {
      item = (source as Record<string, unknown>)[key];
    } catch {
      item = '[unreadable]';
    }
    // defineProperty, not assignment: a key named `__proto__` must stay data, not a prototype.
    Object.defineProperty(target, redactString(key), {
      value: isSensitiveKey(key) && shouldMaskValue(key, item) ? REDACTED : redactValue(item, ancestors, depth),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (keys.length > MAX_ENTRIES) target['…'] = `[${keys.length - MAX_ENTRIES} more properties]`;
  return target;
}

/** Keeps an Error an Error (so log formatters print its stack) while scrubbing everything it carries. */
function redactError(error: Error, ancestors: WeakSet<object>, depth: number): Error {
  const copy = new Error(redactString(String(error.message)));
  copy.name = redactString(String(error.name));
  copy.stack = typeof error.stack === 'string' ? redactString(error.stack) : undefined;
  // Own enumerable extras (`code`, `response`, `config.headers` …) often hold the secret.
  redactProperties(error, copy as unknown as Record<string, unknown>, ancestors, depth);
  if ('cause' in error && error.cause !== undefined) {
    Object.defineProperty(copy, 'cause', { value: redactValue(error.cause, ancestors, depth), enumerable: false });
  }
  return copy;
}
