import { UNPACKAGED } from '../support/test-ports';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { createPlatformAdapters } from '../../electron/core/platforms/platform-adapters';
import type { Platform } from '@shared/domain/platform';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { publishRequest } from '../support/publish-test-helpers';

// The link the app keeps for a published post ("View on X") starts at the network's site, which
// configuration can point elsewhere (the sandbox points it at the fakes, which serve the post's page).

const TOKEN = 'token-live';
const http = createNodeHttpClient();
const clock = { now: () => Date.now() };
let x: FakeXApi;
let linkedin: FakeLinkedInPosts;
let facebook: FakeFacebookGraph;

beforeAll(async () => {
  const isValidToken = (token: string) => token === TOKEN;
  x = await new FakeXApi({ isValidToken }).start();
  linkedin = await new FakeLinkedInPosts({ isValidToken }).start();
  facebook = await new FakeFacebookGraph({ isValidToken }).start();
});
afterAll(async () => {
  await Promise.all([x.stop(), linkedin.stop(), facebook.stop()]);
});

test('with AGENCYIQ_PUBLISH_<PLATFORM>_WEB_URL set, each published post links to that site, and the fakes serve the post there', async () => {
  const adapters = createPlatformAdapters({
    env: {
      AGENCYIQ_PUBLISH_X_URL: x.url,
      AGENCYIQ_PUBLISH_X_WEB_URL: `${x.url}/`,
      AGENCYIQ_PUBLISH_LINKEDIN_URL: linkedin.url,
      AGENCYIQ_PUBLISH_LINKEDIN_WEB_URL: linkedin.url,
      AGENCYIQ_PUBLISH_FACEBOOK_URL: facebook.graphUrl,
      AGENCYIQ_PUBLISH_FACEBOOK_WEB_URL: facebook.url,
    },
    clock,
    http,
    ...UNPACKAGED,
  });
  const cases: Array<[Platform, string, string]> = [
    ['x', '1460000000000000001', `${x.url}/i/web/status/`],
    ['linkedin', 'aBcD3fGh1J', `${linkedin.url}/feed/update/urn:li:share:`],
    ['facebook', '102938475610', `${facebook.url}/102938475610_`],
  ];
  for (const [platform, accountId, linkStart] of cases) {
    const text = `Sourdough <fresh> & warm on ${platform}`;
    const { outcome } = await adapters[platform]!.publish(publishRequest({ text, accountId, accessToken: TOKEN }));
    if (outcome.kind !== 'published' || outcome.url === null) throw new Error(`${platform}: ${JSON.stringify(outcome)}`);
    const link = outcome.url;
    expect(link.startsWith(linkStart), link).toBe(true);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('Sourdough &#60;fresh&#62; &#38; warm on');
    expect(html).toContain('nothing here is on the internet');
  }
  // A post the network never made is its 404 page, not someone else's post.
  expect((await fetch(`${x.url}/i/web/status/1`)).status).toBe(404);
});

test('without configuration the links are the networks’ own sites', async () => {
  const adapters = createPlatformAdapters({ env: { AGENCYIQ_PUBLISH_X_URL: x.url }, clock, http, ...UNPACKAGED });
  const { outcome } = await adapters.x!.publish(publishRequest({ text: 'Rye on Tuesdays', accountId: '1', accessToken: TOKEN }));
  expect(outcome).toMatchObject({ kind: 'published', url: expect.stringMatching(/^https:\/\/x\.com\/i\/web\/status\/\d+$/) });
});
