/**
 * Redaction by key at any depth: whatever a log line carries under one of these keys (compared
 * without case, `_` or `-`), however deeply nested, is replaced. pino's own redaction matches
 * fixed paths only (`*.licenceKey` misses a top-level `licenceKey` and anything two levels
 * down), so this runs on every line's merging object before it is serialised.
 */
const SECRET_KEYS = new Set([
  'licencekey',
  'licensekey',
  'token',
  'nonce',
  'signature',
  'stripesignature',
  'authorization',
  'cookie',
  'setcookie',
  'stripesecretkey',
  'stripewebhooksecret',
  'sessionsecret',
  'signingkey',
  'privatekey',
  'secret',
  'password',
  'apikey',
  'secretaccesskey',
  'credentials',
  'lease',
]);
/** Any key ending so is a secret too (accessToken, clientSecret, webhookSecret, …). */
const SECRET_SUFFIXES = ['token', 'secret', 'password', 'privatekey', 'signingkey', 'licencekey'];

export const REDACTED = '[redacted]';
const MAX_DEPTH = 12;

export function isSecretKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEYS.has(normal) || SECRET_SUFFIXES.some((suffix) => normal.endsWith(suffix));
}

const isPlain = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * A copy of `value` with every secret-named key's value replaced, through plain objects and
 * arrays (errors, requests and other instances are left to pino's serialisers). Values are
 * never copied unless something inside was redacted, so the common line costs one walk.
 */
export function redactSecrets<T>(value: T, depth = 0, seen: WeakSet<object> = new WeakSet()): T {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH || seen.has(value)) return value;
  if (!Array.isArray(value) && !isPlain(value)) return value;
  seen.add(value);
  let copy: Record<string, unknown> | unknown[] | null = null;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const next = typeof key === 'string' && isSecretKey(key) && item !== undefined && item !== null ? REDACTED : redactSecrets(item, depth + 1, seen);
    if (next !== item) {
      copy ??= Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
      (copy as Record<string | number, unknown>)[key] = next;
    }
  }
  return (copy ?? value) as T;
}
