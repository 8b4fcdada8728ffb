import { GRAPH_API } from '@shared/platforms/api-versions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookAdapter, FACEBOOK_APP_THROTTLE_WAIT_MS, FACEBOOK_DEFAULT_RATE_LIMIT_WAIT_MS } from '../../electron/core/platforms/facebook';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import type { PlatformAdapter } from '../../electron/core/platforms/platform-adapter';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { publishRequest, refusedBaseUrl } from '../support/publish-test-helpers';

const PAGE = '102938475610';
const TOKEN = 'page-token-live';
const NOW = Date.UTC(2026, 10, 26, 1, 0, 0);
const clock = { now: () => NOW };
const http = createNodeHttpClient();

let graph: FakeFacebookGraph;
let adapter: PlatformAdapter;
let counter = 0;
/** Graph refuses the same message twice in a row, so each test posts its own. */
const text = (words = 'Pies are in') => `${words} #${++counter}`;

beforeAll(async () => {
  graph = await new FakeFacebookGraph({ isValidToken: (token) => token === TOKEN, clock, pageIds: [PAGE] }).start();
  adapter = createFacebookAdapter({ baseUrl: graph.graphUrl, http, clock, timeoutMs: 300 });
});
afterAll(() => graph.stop());
beforeEach(() => expect(graph.pendingFaults).toBe(0));

describe('Facebook adapter against the fake Graph API', () => {
  it('publishes to the Page feed with the first link, the token only in the header, and returns id and URL', async () => {
    const message = text('Our new menu: https://paddo.example.com/menu. Also see http://other.example.com');
    const result = await adapter.publish(publishRequest({ text: message, accountId: PAGE, accessToken: TOKEN }));
    const post = graph.posts.at(-1)!;
    expect(post).toMatchObject({ pageId: PAGE, message, link: 'https://paddo.example.com/menu' });
    expect(result).toEqual({
      outcome: { kind: 'published', platformPostId: post.id, url: `https://www.facebook.com/${post.id}` },
      httpStatus: 200,
      platformErrorCode: null,
    });
    expect(post.id).toMatch(new RegExp(`^${PAGE}_\\d+$`));
    const request = graph.publishRequests().at(-1)!;
    expect(request.path).toBe(`/${GRAPH_API.version}/${PAGE}/feed`);
    expect(request.bearer).toBe(TOKEN);
    expect(request.body).not.toContain(TOKEN);
    expect(Object.keys(request.query)).toEqual([]);
  });

  it('sends no link when the text has none', async () => {
    await adapter.publish(publishRequest({ text: text('No links here.'), accountId: PAGE, accessToken: TOKEN }));
    expect(graph.posts.at(-1)!.link).toBeNull();
  });

  it('classifies an invalid or revoked token as auth, with the Graph code', async () => {
    const bad = await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: 'expired-token' }));
    expect(bad).toMatchObject({ outcome: { kind: 'auth' }, httpStatus: 400, platformErrorCode: '190' });

    const revokedToken = 'revoked-token';
    const revoking = new FakeFacebookGraph({ isValidToken: () => true, clock });
    await revoking.start();
    try {
      revoking.revoke(revokedToken);
      const revoked = await createFacebookAdapter({ baseUrl: revoking.graphUrl, http, clock }).publish(
        publishRequest({ text: text(), accountId: PAGE, accessToken: revokedToken }),
      );
      expect(revoked).toMatchObject({ outcome: { kind: 'auth' }, platformErrorCode: '190/460' });
      expect(revoked.outcome.kind === 'auth' && revoked.outcome.message).toMatch(/session has been invalidated/);
    } finally {
      await revoking.stop();
    }
  });

  it('waits as long as x-business-use-case-usage says after a rate limit', async () => {
    graph.rateLimitNext(17, PAGE);
    const result = await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }));
    expect(result).toMatchObject({ outcome: { kind: 'rate_limited', retryAt: NOW + 17 * 60_000 }, httpStatus: 400, platformErrorCode: '32' });
  });

  it('waits the rolling hour when x-app-usage is full, else the documented default', async () => {
    graph.failNext({
      status: 400,
      body: { error: { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4, is_transient: true, fbtrace_id: 'A1' } },
      headers: { 'x-app-usage': JSON.stringify({ call_count: 100, total_time: 40, total_cputime: 30 }) },
    });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }))).toMatchObject({
      outcome: { kind: 'rate_limited', retryAt: NOW + FACEBOOK_APP_THROTTLE_WAIT_MS },
      platformErrorCode: '4',
    });
    graph.failNext({ status: 400, body: { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613 } } });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }))).toMatchObject({
      outcome: { kind: 'rate_limited', retryAt: NOW + FACEBOOK_DEFAULT_RATE_LIMIT_WAIT_MS },
    });
  });

  it('reports a duplicate in Graph\'s own words', async () => {
    const message = text('Same again');
    await adapter.publish(publishRequest({ text: message, accountId: PAGE, accessToken: TOKEN }));
    const result = await adapter.publish(publishRequest({ text: message, accountId: PAGE, accessToken: TOKEN }));
    expect(result).toMatchObject({ outcome: { kind: 'duplicate' }, platformErrorCode: '506/1455006' });
    expect(result.outcome.kind === 'duplicate' && result.outcome.message).toContain('This status update is identical to the last one you posted');
  });

  it('classifies a blocked post (368) and a bad parameter (100) as invalid', async () => {
    graph.failNext({
      status: 400,
      body: { error: { message: 'It looks like you were misusing this feature by going too fast.', type: 'OAuthException', code: 368, error_subcode: 1390008 } },
    });
    const blocked = await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }));
    expect(blocked).toMatchObject({ outcome: { kind: 'invalid' }, platformErrorCode: '368/1390008' });
    expect(blocked.outcome.kind === 'invalid' && blocked.outcome.message).toContain('misusing this feature');

    const unknownPage = await adapter.publish(publishRequest({ text: text(), accountId: '999', accessToken: TOKEN }));
    expect(unknownPage).toMatchObject({ outcome: { kind: 'invalid' }, platformErrorCode: '100/33' });
  });

  it('says the app needs an update when Graph refuses its version (a stale pin fails here)', async () => {
    const stale = createFacebookAdapter({ baseUrl: `${graph.url}/v23.0`, http, clock });
    const result = await stale.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }));
    expect(result).toMatchObject({ outcome: { kind: 'invalid' }, httpStatus: 400, platformErrorCode: '2635' });
    expect(result.outcome.kind === 'invalid' && result.outcome.message).toMatch(/needs an update/);
  });

  it('classifies 5xx and is_transient as transient', async () => {
    graph.failNext({ status: 503 });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'transient' }, httpStatus: 503 });
    graph.failNext({ status: 400, body: { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true } } });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'transient' }, platformErrorCode: '2' });
  });

  it('classifies a refused connection as transient (nothing was sent)', async () => {
    const offline = createFacebookAdapter({ baseUrl: `${await refusedBaseUrl()}/${GRAPH_API.version}`, http, clock });
    expect(await offline.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }))).toMatchObject({
      outcome: { kind: 'transient' },
      httpStatus: null,
    });
  });

  it('classifies a hang past the timeout and a reset after sending as unknown', async () => {
    graph.hangNext({ created: true });
    const hung = await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }));
    expect(hung).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: null });
    expect(graph.publishRequests().at(-1)!.answer).toEqual({ held: true });

    graph.resetNext();
    expect(await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: null });
  });

  it('classifies a 2xx with a body that carries no post id as unknown, never inventing an id', async () => {
    for (const body of ['<html>ok</html>', { success: true }, { id: 'not-a-post-id' }]) {
      graph.failNext({ status: 200, body });
      const result = await adapter.publish(publishRequest({ text: text(), accountId: PAGE, accessToken: TOKEN }));
      expect(result).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: 200 });
    }
  });
});
