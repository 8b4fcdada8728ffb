import { createHmac, timingSafeEqual } from 'node:crypto';

const VERIFIED_LIMIT = 100_000;
/** An HMAC-SHA256 in unpadded base64url: exactly 43 characters of the alphabet. */
const MAC_TEXT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Stateless device bearer tokens: `<deviceId>.<expires epoch s>.<base64url HMAC-SHA256>`. Any
 * instance holding SESSION_SECRET can check one without a database read, so a lease renewal
 * stays a single request and a single query.
 */
export class SessionTokens {
  private readonly key: Buffer;
  /** Tokens already checked, with what they carry: a renewal then costs a map lookup, not an HMAC. */
  private readonly verified = new Map<string, { deviceId: string; expiresMs: number }>();

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = Buffer.from(secret, 'utf8');
  }

  /** A token for `deviceId` valid from `nowMs` for the configured time. */
  issue(deviceId: string, nowMs: number): { token: string; expiresAt: number } {
    const expiresSeconds = Math.floor(nowMs / 1000) + this.ttlSeconds;
    const body = `${deviceId}.${expiresSeconds}`;
    return { token: `${body}.${this.mac(body)}`, expiresAt: expiresSeconds * 1000 };
  }

  /** The device id a token carries, or null if it is forged, malformed or expired. */
  verify(token: string, nowMs: number): string | null {
    const known = this.verified.get(token);
    if (known) return known.expiresMs > nowMs ? known.deviceId : null;
    const macStart = token.lastIndexOf('.');
    const expiresStart = token.lastIndexOf('.', macStart - 1);
    if (macStart <= 0 || expiresStart <= 0) return null;
    const body = token.slice(0, macStart);
    // The MAC's exact text, compared as text: decoding first would let a lenient base64url
    // decoder accept trailing junk ("…!!") or other spellings of the same bytes.
    const givenText = token.slice(macStart + 1);
    if (!MAC_TEXT.test(givenText)) return null;
    const given = Buffer.from(givenText, 'ascii');
    const expected = Buffer.from(this.mac(body), 'ascii');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const expiresSeconds = Number(token.slice(expiresStart + 1, macStart));
    if (!Number.isInteger(expiresSeconds) || expiresSeconds * 1000 <= nowMs) return null;
    const deviceId = token.slice(0, expiresStart);
    // Bounded: past the limit the map starts over (tokens live an hour; devices renew far less often).
    if (this.verified.size >= VERIFIED_LIMIT) this.verified.clear();
    this.verified.set(token, { deviceId, expiresMs: expiresSeconds * 1000 });
    return deviceId;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
