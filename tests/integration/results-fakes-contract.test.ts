import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeFacebookInsights } from '../fakes/platforms/fake-facebook-insights';
import { FakeXMetrics } from '../fakes/platforms/fake-x-metrics';
import { manualClock } from '../support/oauth-harness';

// The metrics fakes refuse what the networks refuse (docs/platform-apis.md, "Results"), so the
// collector is built to the contract and not to a lenient fake.

const clock = manualClock(Date.UTC(2026, 10, 26));
let x: FakeXMetrics;
let fb: FakeFacebookInsights;

beforeAll(async () => {
  x = await new FakeXMetrics({ isValidToken: (token) => token.startsWith('x-'), clock, scopesOf: (token) => (token === 'x-no-read' ? ['users.read'] : ['tweet.read']), limitPerWindow: 5 }).start();
  fb = await new FakeFacebookInsights({ isValidToken: (token) => token.startsWith('fb-'), clock, mayReadInsights: (token) => token !== 'fb-no-insights' }).start();
  x.addPost({ id: '1870000000000000001', createdAt: clock.now() });
  fb.addPost({ id: '104857600000001_200', createdAt: clock.now() });
});
afterAll(async () => {
  await Promise.all([x.stop(), fb.stop()]);
});

const xGet = (query: string, token = 'x-token') => fetch(`${x.url}/2/tweets?${query}`, { headers: { authorization: `Bearer ${token}` } });
const fbGet = (path: string, token = 'fb-token') => fetch(`${fb.graphUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('the X lookup fake', () => {
  it('answers up to 100 ids with public_metrics that grow with time, and the window in headers', async () => {
    const first = await xGet('ids=1870000000000000001,1870000000000000999&tweet.fields=public_metrics');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-rate-limit-limit')).toBe('5');
    const body = (await first.json()) as { data: Array<{ public_metrics: { impression_count: number } }>; errors: Array<{ resource_id: string }> };
    expect(body.errors.map((error) => error.resource_id)).toEqual(['1870000000000000999']);
    clock.advance(5 * 3_600_000);
    const later = (await (await xGet('ids=1870000000000000001&tweet.fields=public_metrics')).json()) as typeof body;
    expect(later.data[0]!.public_metrics.impression_count).toBeGreaterThan(body.data[0]!.public_metrics.impression_count);
  });

  it('refuses 101 ids, an unknown field, a token without tweet.read, and past the window', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(1870000000000000001n + BigInt(i))).join(',');
    expect((await xGet(`ids=${ids}&tweet.fields=public_metrics`)).status).toBe(400);
    expect((await xGet('ids=1870000000000000001&tweet.fields=impressions')).status).toBe(400);
    expect((await xGet('ids=1870000000000000001', 'x-no-read')).status).toBe(403);
    expect((await xGet('ids=1870000000000000001', 'nope')).status).toBe(401);
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await xGet('ids=1870000000000000001', 'x-other')).status;
    expect(last).toBe(429);
  });
});

describe('the Facebook insights fake', () => {
  it('serves the current post metrics, growing with time, with x-app-usage', async () => {
    const answer = await fbGet('/104857600000001_200/insights?metric=post_media_view,post_reactions_by_type_total');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-app-usage')).toContain('call_count');
    const body = (await answer.json()) as { data: Array<{ name: string; values: Array<{ value: unknown }> }> };
    expect(body.data.map((metric) => metric.name)).toEqual(['post_media_view', 'post_reactions_by_type_total']);
  });

  it('refuses the metrics Meta deprecated in 2025, a token without insights permission, an unknown post and no metric', async () => {
    const deprecated = (await (await fbGet('/104857600000001_200/insights?metric=post_impressions')).json()) as { error: { code: number } };
    expect(deprecated.error.code).toBe(100);
    expect(((await (await fbGet('/104857600000001_200/insights?metric=post_clicks', 'fb-no-insights')).json()) as { error: { code: number } }).error.code).toBe(10);
    expect(((await (await fbGet('/104857600000001_999/insights?metric=post_clicks')).json()) as { error: { code: number } }).error.code).toBe(100);
    expect(((await (await fbGet('/104857600000001_200/insights')).json()) as { error: { code: number } }).error.code).toBe(3001);
    expect(((await (await fbGet('/104857600000001_200/insights?metric=post_clicks', 'bad')).json()) as { error: { code: number } }).error.code).toBe(190);
  });
});
