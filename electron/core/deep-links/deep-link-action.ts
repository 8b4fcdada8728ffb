import type { Platform } from '@shared/domain/platform';

/**
 * The platforms whose OAuth strategy is `deeplink`: their provider redirects straight to
 * `agencyiq://oauth/<platform>`. Loopback (YouTube) and relay (Meta, LinkedIn) platforms never
 * come back this way, so a callback claiming to be from them is refused, not routed.
 */
export const DEEP_LINK_OAUTH_PLATFORMS = ['x'] as const satisfies readonly Platform[];
export type DeepLinkOAuthPlatform = (typeof DEEP_LINK_OAUTH_PLATFORMS)[number];

/** Where a Stripe page sent the browser back to. */
export type LicenceReturnOutcome = 'success' | 'cancelled' | 'portal';

/**
 * Everything an `agencyiq://` link can ask the app to do. Anything that does not parse into
 * one of these is dropped; there is no "other" case on purpose.
 */
export type DeepLinkAction =
  /**
   * `agencyiq://oauth/x?code=…&state=…` — the provider granted access. `issuer` is the RFC 9207
   * `iss` parameter when the provider sent one (checked against the provider's known issuer).
   */
  | { kind: 'oauth-callback'; platform: DeepLinkOAuthPlatform; code: string; state: string; issuer: string | null }
  /** `agencyiq://oauth/x?error=…&state=…` — the owner declined, or the provider failed. */
  | { kind: 'oauth-error'; platform: DeepLinkOAuthPlatform; error: string; description: string | null; state: string; issuer: string | null }
  /** `agencyiq://oauth/complete?handoff=…` — the licence server finished a relay exchange. */
  | { kind: 'oauth-complete'; handoff: string }
  /** `agencyiq://licence/success?session_id=cs_…`, `…/cancelled`, `…/portal` — back from Stripe. */
  | { kind: 'licence-return'; outcome: LicenceReturnOutcome; sessionId: string | null }
  /** `agencyiq://compose` */
  | { kind: 'open-compose' }
  /** `agencyiq://drafts/<uuid>` */
  | { kind: 'open-draft'; id: string };

export type DeepLinkKind = DeepLinkAction['kind'];

/** Why a link was refused; logged (never the link's secrets) so a broken integration can be traced. */
export type DeepLinkRejection =
  | 'not_a_string'
  | 'too_long'
  | 'illegal_characters'
  | 'wrong_scheme'
  | 'credentials'
  | 'port'
  | 'fragment'
  | 'unknown_host'
  | 'malformed_path'
  | 'unknown_path'
  | 'malformed_query'
  | 'unknown_parameter'
  | 'duplicate_parameter'
  | 'missing_parameter'
  | 'invalid_parameter';

export type DeepLinkParseResult = { ok: true; action: DeepLinkAction } | { ok: false; reason: DeepLinkRejection };
