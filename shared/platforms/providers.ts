import { PLATFORM_LABELS, type Platform } from '../domain/platform';

/**
 * How a platform's sign-in reaches the app (see the OAuth section of the architecture):
 * `deeplink` — the provider redirects to `agencyiq://oauth/<platform>`; `loopback` — to a
 * one-shot listener on 127.0.0.1; `relay` — to the licence server, which holds the client secret
 * and hands the tokens over once, to the device that started the flow.
 */
export type OAuthStrategy = 'deeplink' | 'loopback' | 'relay';

/**
 * `short_refreshable`: hours-long access tokens renewed with a refresh token (X, YouTube).
 * `long_lived`: about 60 days and then the owner must sign in again (Meta, LinkedIn).
 */
export type TokenLifetimeClass = 'short_refreshable' | 'long_lived';

/** What the Connections page needs to know about a platform; the endpoints live in the core. */
export interface ProviderSummary {
  platform: Platform;
  label: string;
  strategy: OAuthStrategy;
  tokenLifetime: TokenLifetimeClass;
  /** What the owner connects: shown under the platform's name. */
  accountKind: string;
  /** Whether disconnecting also withdraws AgencyIQ's access at the platform. */
  revokesOnDisconnect: boolean;
}

/** Days before a long-lived token expires when the owner is asked to reconnect. */
export const EXPIRY_WARNING_DAYS = 7;

export const PROVIDERS: Readonly<Record<Platform, ProviderSummary>> = {
  facebook: {
    platform: 'facebook',
    label: PLATFORM_LABELS.facebook,
    strategy: 'relay',
    tokenLifetime: 'long_lived',
    accountKind: 'A Facebook Page you manage',
    revokesOnDisconnect: true,
  },
  instagram: {
    platform: 'instagram',
    label: PLATFORM_LABELS.instagram,
    strategy: 'relay',
    tokenLifetime: 'long_lived',
    accountKind: 'An Instagram business account linked to your Facebook Page',
    revokesOnDisconnect: true,
  },
  linkedin: {
    platform: 'linkedin',
    label: PLATFORM_LABELS.linkedin,
    strategy: 'relay',
    tokenLifetime: 'long_lived',
    accountKind: 'Your LinkedIn profile',
    // LinkedIn offers no token revocation endpoint to apps.
    revokesOnDisconnect: false,
  },
  x: {
    platform: 'x',
    label: PLATFORM_LABELS.x,
    strategy: 'deeplink',
    tokenLifetime: 'short_refreshable',
    accountKind: 'Your X account',
    revokesOnDisconnect: true,
  },
  youtube: {
    platform: 'youtube',
    label: PLATFORM_LABELS.youtube,
    strategy: 'loopback',
    tokenLifetime: 'short_refreshable',
    accountKind: 'Your YouTube channel',
    revokesOnDisconnect: true,
  },
};
