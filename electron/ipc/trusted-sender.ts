/**
 * True when `url` belongs to one of `allowedOrigins` (e.g. `app://agencyiq`, or the browser
 * host's `http://127.0.0.1:PORT`). Compared as parsed origins, never as string prefixes, so
 * `app://agencyiq.evil` or `http://127.0.0.1:PORT@evil` do not pass.
 */
export function isTrustedSenderUrl(url: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  const origin = `${parsed.protocol}//${parsed.host}`;
  return allowedOrigins.includes(origin);
}
