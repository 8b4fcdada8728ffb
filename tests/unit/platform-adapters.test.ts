import { describe, expect, it } from 'vitest';
import { GRAPH_API } from '@shared/platforms/api-versions';
import type { HttpClient, HttpRequest } from '../../electron/core/ports/http-client';
import { createPlatformAdapters, PublishConfigError } from '../../electron/core/platforms/platform-adapters';
import { UNPACKAGED } from '../support/test-ports';

/** Records where adapters send, answering nothing (not_sent) so no network is touched. */
function recordingHttp(): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return { sent, send: async (request) => (sent.push(request), { kind: 'not_sent', reason: 'refused', message: 'test' }) };
}
const clock = { now: () => 0 };
const request = { text: 'Hi', title: null, media: [], accountId: '42', authorId: null, accessToken: 'tok' };
// A public picture, so Instagram (which cannot post text alone) gets as far as its first request.
const picture = { kind: 'image' as const, source: { url: 'https://pictures.example/cake.jpg' }, mimeType: 'image/jpeg', byteLength: 1, altText: null };
const pictureRequest = { ...request, media: [picture] };

describe('platform adapter registry', () => {
  it('builds Facebook, Instagram, LinkedIn, X and YouTube adapters against the production endpoints by default', async () => {
    const http = recordingHttp();
    const adapters = createPlatformAdapters({ env: {}, clock, http, ...UNPACKAGED });
    expect(Object.keys(adapters).sort()).toEqual(['facebook', 'instagram', 'linkedin', 'x', 'youtube']);
    const video = { kind: 'video' as const, source: { path: '/nowhere/clip.mp4' }, mimeType: 'video/mp4', byteLength: 10, altText: null };
    const requestFor = (platform: string) => (platform === 'youtube' ? { ...request, title: 'Clip', media: [video] } : platform === 'instagram' ? pictureRequest : request);
    for (const adapter of Object.values(adapters)) await adapter.publish(requestFor(adapter.platform));
    expect(http.sent.map((r) => r.url).sort()).toEqual([
      'https://api.linkedin.com/rest/posts',
      'https://api.x.com/2/tweets',
      `https://graph.facebook.com/${GRAPH_API.version}/42/content_publishing_limit?fields=quota_usage,config`,
      `https://graph.facebook.com/${GRAPH_API.version}/42/feed`,
      'https://www.googleapis.com/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status&notifySubscribers=false',
    ]);
    expect(http.sent.every((r) => r.timeoutMs === 30_000 && r.bearerToken === 'tok' && !r.url.includes('tok'))).toBe(true);
  });

  it("sends a Facebook video to Meta's video host (graph-video.facebook.com), and to the overridden Graph URL when one is set", async () => {
    const video = { kind: 'video' as const, source: { path: '/nowhere/clip.mp4' }, mimeType: 'video/mp4', byteLength: 2048, altText: null };
    const production = recordingHttp();
    await createPlatformAdapters({ env: {}, clock, http: production, ...UNPACKAGED }).facebook!.publish({ ...request, media: [video] });
    expect(production.sent.map((r) => r.url)).toEqual([`https://graph-video.facebook.com/${GRAPH_API.version}/42/videos`]);
    const standIn = recordingHttp();
    await createPlatformAdapters({ env: { AGENCYIQ_PUBLISH_FACEBOOK_URL: 'http://127.0.0.1:9999/v26.0/' }, clock, http: standIn, ...UNPACKAGED }).facebook!.publish({ ...request, media: [video] });
    expect(standIn.sent.map((r) => r.url)).toEqual(['http://127.0.0.1:9999/v26.0/42/videos']);
  });

  it('takes base URLs and the timeout from env, trailing slashes trimmed', async () => {
    const http = recordingHttp();
    const adapters = createPlatformAdapters({
      env: { AGENCYIQ_PUBLISH_X_URL: 'http://127.0.0.1:9999/', AGENCYIQ_PUBLISH_TIMEOUT_MS: '500' },
      clock,
      http,
      ...UNPACKAGED,
    });
    await adapters.x!.publish(request);
    expect(http.sent[0]).toMatchObject({ url: 'http://127.0.0.1:9999/2/tweets', timeoutMs: 500 });
  });

  it('refuses plain http to another computer and a malformed timeout, naming the variable', () => {
    const http = recordingHttp();
    expect(() => createPlatformAdapters({ env: { AGENCYIQ_PUBLISH_LINKEDIN_URL: 'http://api.linkedin.com' }, clock, http, ...UNPACKAGED })).toThrow(PublishConfigError);
    expect(() => createPlatformAdapters({ env: { AGENCYIQ_PUBLISH_LINKEDIN_URL: 'http://api.linkedin.com' }, clock, http, ...UNPACKAGED })).toThrow(/AGENCYIQ_PUBLISH_LINKEDIN_URL/);
    expect(() => createPlatformAdapters({ env: { AGENCYIQ_PUBLISH_TIMEOUT_MS: 'soon' }, clock, http, ...UNPACKAGED })).toThrow(/AGENCYIQ_PUBLISH_TIMEOUT_MS/);
  });
});
