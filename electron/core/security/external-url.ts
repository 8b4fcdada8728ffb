/**
 * The only hosts the app ever sends the owner's browser to: the networks' own sites (to see a
 * published post, or to sign in) and Stripe's checkout and billing portal. Exact host names,
 * no wildcards: `evil.facebook.com.attacker.net` and `facebook.com.` do not match.
 */
export const EXTERNAL_URL_HOSTS: ReadonlySet<string> = new Set([
  'facebook.com',
  'www.facebook.com',
  'instagram.com',
  'linkedin.com',
  'www.linkedin.com',
  'x.com',
  'twitter.com',
  'youtube.com',
  'www.youtube.com',
  'accounts.google.com',
  'checkout.stripe.com',
  'billing.stripe.com',
]);

const MAX_EXTERNAL_URL_LENGTH = 4096;
// The WHATWG parser silently drops tabs and newlines inside a URL (`https://face\nbook.com`),
// so what was checked would differ from what was written. Refuse them, any other control or
// whitespace, and invisible format characters (zero-width, bidi overrides) that disguise a link.
const CONTROL_OR_SPACE = /[\p{Cc}\p{Cf}\s]/u;
// The authority as written must already be a plain ASCII host (optionally `:443`). The parser
// would otherwise quietly turn `https://@facebook.com` or a fullwidth `ｆａｃｅｂｏｏｋ.com` into
// an allowed host; a URL that needs rewriting to pass is not one we issued.
const PLAIN_HTTPS_AUTHORITY = /^https:\/\/[A-Za-z0-9.-]+(?::443)?(?:[/?#]|$)/i;

/**
 * Returns the normalised URL to hand to `shell.openExternal`, or null when it is not an
 * allow-listed https URL. Callers must open the returned string, never the raw input, so the
 * browser receives exactly the URL that was checked.
 */
export function allowedExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  if (CONTROL_OR_SPACE.test(raw) || !PLAIN_HTTPS_AUTHORITY.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  // The parser drops a default `:443`; any other port survives and is refused.
  if (url.port !== '') return null;
  if (!EXTERNAL_URL_HOSTS.has(url.hostname)) return null;
  return url.href;
}

/** True when `raw` may be opened in the owner's browser (see `allowedExternalUrl`). */
export function isAllowedExternalUrl(raw: unknown): boolean {
  return allowedExternalUrl(raw) !== null;
}
