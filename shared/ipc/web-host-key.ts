/**
 * The browser host's per-launch key. The host prints its address with the key in the fragment
 * (`http://127.0.0.1:5199/#k=<key>`): a fragment is never sent to a server, so the key stays out
 * of request lines, access logs and Referer headers. The page's bridge takes it out of the
 * address bar before the app starts and offers it on the WebSocket upgrade as a subprotocol,
 * which browsers send as a header (never in the URL); the host answers with the plain protocol.
 * Any other local program that forges Origin and Host still lacks the key and is refused.
 */
export const WEB_HOST_PROTOCOL = 'agencyiq.v1';
export const WEB_HOST_KEY_PROTOCOL_PREFIX = 'agencyiq.key.';

/** 32 random bytes, base64url: also valid as a subprotocol token. */
export const WEB_HOST_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const KEY_FRAGMENT = /^#k=([A-Za-z0-9_-]{43})(#.*)?$/;

/**
 * Reads `#k=<key>` from a location hash. A route may follow it as a second fragment
 * (`#k=<key>#/drafts`), so the printed address plus a route still opens that page.
 * Returns the key and the hash the page should show instead ('' or '#/drafts').
 */
export function takeKeyFromHash(hash: string): { key: string; rest: string } | null {
  const match = KEY_FRAGMENT.exec(hash);
  return match ? { key: match[1]!, rest: match[2] ?? '' } : null;
}

/** The subprotocols a client offers on the upgrade. */
export function webHostProtocols(key: string): string[] {
  return [WEB_HOST_PROTOCOL, `${WEB_HOST_KEY_PROTOCOL_PREFIX}${key}`];
}
