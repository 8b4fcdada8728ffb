import { z } from 'zod';
import type { DiscoveredAccount } from './discovered-account';
import type { HttpClient } from '../../ports/http-client';
import { DiscoveryError, fetchJson } from './fetch-json';

const channelList = z.object({
  items: z.array(z.object({ id: z.string().min(1), snippet: z.object({ title: z.string() }) })).optional(),
});

/** YouTube Data API `GET /youtube/v3/channels?part=snippet&mine=true`: the signed-in user's channel. */
export async function discoverYouTubeChannel(http: HttpClient, apiUrl: string, accessToken: string): Promise<DiscoveredAccount> {
  const parsed = channelList.safeParse(await fetchJson(http, `${apiUrl}/youtube/v3/channels?part=snippet&mine=true`, accessToken));
  if (!parsed.success) throw new DiscoveryError('rejected', 'YouTube answered the channel list in an unexpected shape.');
  const channel = parsed.data.items?.[0];
  if (channel === undefined) {
    throw new DiscoveryError('nothing_to_connect', 'This Google account has no YouTube channel. Create one on YouTube, then connect again.');
  }
  return { accountId: channel.id, displayName: channel.snippet.title };
}
