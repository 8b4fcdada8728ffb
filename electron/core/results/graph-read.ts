import { z } from 'zod';
import { retryAtFromUsage } from '../platforms/facebook';
import type { RateLimitWindow } from '../platforms/platform-adapter';
import { parseJsonBody } from '../platforms/publish-http';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpHeaders } from '../ports/http-client';
import type { MetricsBatchResult } from './metrics-reader';

const graphError = z.object({ error: z.object({ code: z.number(), error_subcode: z.number().optional(), message: z.string().optional() }) });
const usagePercents = z.object({ call_count: z.number().optional(), total_time: z.number().optional(), total_cputime: z.number().optional() });

/** Graph codes for a refused token (publishing treats them the same way). */
const REFUSED_CODES = new Set([102, 190]);
/** Graph codes for "slow down" (4 app, 17 user, 32 page, 613 custom, 80001/80002 business use case). */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001, 80002]);

/** What a Graph read came to once the answers every Graph read shares (offline, refused token, throttled) are taken out. */
export type GraphRead =
  | { kind: 'data'; body: unknown; status: number; window: RateLimitWindow | null }
  | { kind: 'error'; code: number; subcode: number | undefined; message: string; window: RateLimitWindow | null }
  | { kind: 'settled'; result: Exclude<MetricsBatchResult, { kind: 'ok' }> };

/**
 * One Graph GET (Facebook Pages and Instagram share it): the token in the Authorization header,
 * codes 190/102 → refused, throttle codes → wait per the usage headers (the publishing adapter's
 * `retryAtFromUsage`). A 200 whose usage headers say 100 % carries a spent window, so the
 * collector sends nothing more on that account before Meta's estimate instead of earning an error.
 */
export async function graphGet(http: HttpClient, url: string, token: string, clock: Clock): Promise<GraphRead> {
  const result = await http.send({ method: 'GET', url, headers: { accept: 'application/json' }, bearerToken: token });
  if (result.kind === 'not_sent') return { kind: 'settled', result: { kind: 'offline' } };
  if (result.kind === 'no_answer') return { kind: 'settled', result: { kind: 'failed', message: `Meta did not answer (${result.reason})`, window: null } };
  const now = clock.now();
  const window = spentWindow(result.headers, now);
  const body = parseJsonBody(result.body);
  const error = graphError.safeParse(body);
  if (error.success) {
    const { code, error_subcode: subcode, message } = error.data.error;
    if (REFUSED_CODES.has(code)) return { kind: 'settled', result: { kind: 'refused', window } };
    if (THROTTLE_CODES.has(code)) return { kind: 'settled', result: { kind: 'rate_limited', resetAt: retryAtFromUsage(result.headers, now) } };
    return { kind: 'error', code, subcode, message: message ?? `error ${code}`, window };
  }
  if (result.status === 429) return { kind: 'settled', result: { kind: 'rate_limited', resetAt: retryAtFromUsage(result.headers, now) } };
  if (result.status === 401) return { kind: 'settled', result: { kind: 'refused', window } };
  if (result.status !== 200 || body === null) return { kind: 'settled', result: { kind: 'failed', message: `Meta answered HTTP ${result.status}`, window } };
  return { kind: 'data', body, status: result.status, window };
}

/** Graph's permission codes (10, 200–299): only a new consent gives the number. */
export const isGraphPermissionCode = (code: number) => code === 10 || (code >= 200 && code <= 299);

/** The usage headers at or over 100 %: a window with nothing left until Meta's estimate. */
function spentWindow(headers: HttpHeaders, now: number): RateLimitWindow | null {
  let busiest = 0;
  const app = usagePercents.safeParse(parseJsonBody(headers['x-app-usage'] ?? null));
  if (app.success) busiest = Math.max(busiest, app.data.call_count ?? 0, app.data.total_time ?? 0, app.data.total_cputime ?? 0);
  const buc = z.record(z.string(), z.array(usagePercents)).safeParse(parseJsonBody(headers['x-business-use-case-usage'] ?? null));
  if (buc.success) for (const list of Object.values(buc.data)) for (const entry of list) busiest = Math.max(busiest, entry.call_count ?? 0, entry.total_time ?? 0, entry.total_cputime ?? 0);
  if (busiest < 100) return null;
  return { limit: 100, remaining: 0, resetAt: retryAtFromUsage(headers, now) };
}

/** A Graph count: a non-negative whole number, else absent. */
export const graphCount = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);
