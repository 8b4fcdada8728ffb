import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeFacebookInsights } from '../fakes/platforms/fake-facebook-insights';
import { FakeXMetrics } from '../fakes/platforms/fake-x-metrics';
import { FakeInstagramInsights } from '../fakes/platforms/fake-instagram-insights';
import { FakeLinkedInStats } from '../fakes/platforms/fake-linkedin-stats';
import { FakeYouTubeStats } from '../fakes/platforms/fake-youtube-stats';
import { LINKEDIN_API } from '@shared/platforms/api-versions';
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

describe('the Instagram, LinkedIn and YouTube read fakes refuse what the networks refuse', () => {
  let ig: FakeInstagramInsights;
  let li: FakeLinkedInStats;
  let yt: FakeYouTubeStats;
  beforeAll(async () => {
    ig = await new FakeInstagramInsights({ isValidToken: (token) => token === 'ig', clock }).start();
    ig.addMedia({ id: '17900000000000001', ownerId: '17841400000000001', createdAt: clock.now() });
    li = await new FakeLinkedInStats({ isValidToken: (token) => token === 'li', clock }).start();
    li.addPost({ urn: 'urn:li:share:1', author: 'urn:li:organization:2414183', createdAt: clock.now() });
    yt = await new FakeYouTubeStats({ isValidToken: (token) => token === 'yt', clock }).start();
    yt.addVideo({ id: 'vid00000001', createdAt: clock.now() });
  });
  afterAll(async () => {
    await Promise.all([ig.stop(), li.stop(), yt.stop()]);
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const code = async (answer: Response) => ((await answer.json()) as { error: { code: number } }).error.code;

  it('Instagram: the retired impressions metric, another Graph version, a token in the query', async () => {
    expect(await code(await fetch(`${ig.graphUrl}/17900000000000001/insights?metric=impressions`, { headers: bearer('ig') }))).toBe(100);
    expect(await code(await fetch(`${ig.url}/v23.0/17900000000000001/insights?metric=views`, { headers: bearer('ig') }))).toBe(2635);
    expect(await code(await fetch(`${ig.graphUrl}/17900000000000001/insights?metric=views&access_token=ig`))).toBe(100);
    const ok = await fetch(`${ig.graphUrl}/17900000000000001/insights?metric=views,reach`, { headers: bearer('ig') });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-business-use-case-usage')).toContain('estimated_time_to_regain_access');
  });

  it('LinkedIn: a sunset version (426), no Rest.li 2.0, more than 20 posts, and a member read without r_member_social (403)', async () => {
    const get = (url: string, version = LINKEDIN_API.version, restli = '2.0.0') =>
      fetch(`${li.url}${url}`, { headers: { ...bearer('li'), 'LinkedIn-Version': version, 'X-Restli-Protocol-Version': restli } });
    const stats = (list: string) => `/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${encodeURIComponent('urn:li:organization:2414183')}&shares=List(${list})`;
    expect((await get(stats(encodeURIComponent('urn:li:share:1')))).status).toBe(200);
    expect((await get(stats(encodeURIComponent('urn:li:share:1')), '202508')).status).toBe(426);
    expect((await get(stats(encodeURIComponent('urn:li:share:1')), LINKEDIN_API.version, '1.0.0')).status).toBe(400);
    const many = Array.from({ length: 21 }, (_, i) => encodeURIComponent(`urn:li:share:${i + 1}`)).join(',');
    expect((await get(stats(many))).status).toBe(400);
    expect((await get(stats(encodeURIComponent('urn:li:ugcPost:1')))).status).toBe(400); // a ugcPost named as a share
    expect((await get(`/rest/socialActions?ids=List(${encodeURIComponent('urn:li:share:1')})`)).status).toBe(403);
    expect((await get(`/rest/networkSizes/${encodeURIComponent('urn:li:organization:2414183')}?edgeType=CompanyFollowedByMember`)).status).toBe(400);
  });

  it('YouTube: more than 50 ids, no part, an unknown part, an upload-only token', async () => {
    const get = (query: string, token = 'yt') => fetch(`${yt.url}/youtube/v3/videos?${query}`, { headers: bearer(token) });
    expect((await get('part=statistics&id=vid00000001')).status).toBe(200);
    expect((await get(`part=statistics&id=${Array.from({ length: 51 }, (_, i) => `v${i}`).join(',')}`)).status).toBe(400);
    expect((await get('id=vid00000001')).status).toBe(400);
    expect((await get('part=impressions&id=vid00000001')).status).toBe(400);
    expect((await get('part=statistics&id=vid00000001', 'nope')).status).toBe(401);
  });
});
