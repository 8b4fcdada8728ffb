import type { Platform } from '@shared/domain/platform';
import type { HttpClient } from '../../ports/http-client';
import type { Discovery } from './discovered-account';
import { discoverLinkedInMember } from './discover-linkedin';
import { discoverMetaPages } from './discover-meta-pages';
import { discoverXUser } from './discover-x';
import { discoverYouTubeChannel } from './discover-youtube';

/** After consent: what the new token can post to, per platform. */
export async function discover(http: HttpClient, platform: Platform, apiUrl: string, accessToken: string, grantedScope: string | null): Promise<Discovery> {
  switch (platform) {
    case 'x':
      return { kind: 'account', account: await discoverXUser(http, apiUrl, accessToken) };
    case 'youtube':
      return { kind: 'account', account: await discoverYouTubeChannel(http, apiUrl, accessToken) };
    case 'linkedin':
      return { kind: 'account', account: await discoverLinkedInMember(http, apiUrl, accessToken, grantedScope) };
    case 'facebook':
      return { kind: 'pages', pages: await discoverMetaPages(http, apiUrl, accessToken, false) };
    case 'instagram':
      return { kind: 'pages', pages: await discoverMetaPages(http, apiUrl, accessToken, true) };
  }
}
