import type { Platform } from '@shared/domain/platform';
import type { Clock } from '../ports/clock';
import type { HttpClient } from '../ports/http-client';
import { buildAuthorizationUrl } from './authorization-request';
import type { PendingFlow } from './pending-flows';
import { createPkcePair, createState } from './pkce';
import type { ProviderDefinition } from './provider-registry';
import {
  RELAY_API,
  relayRedeemResponseSchema,
  relayStartRequestSchema,
  relayStartResponseSchema,
  type RelayRedeemResponse,
} from '@shared/oauth/relay-api';

/**
 * How the app proves to the licence server that it is the device that started a relay flow:
 * the licence domain's device session (an Ed25519 device key signs a server nonce and gets a
 * short-lived bearer token). The relay only needs the bearer token; `null` means this device
 * has no session (not activated yet), and relay platforms then cannot be connected.
 */
export interface RelayDeviceSession {
  /** The licence server's base URL (the licence domain owns it), without a trailing slash. */
  readonly serverUrl: string;
  /** `renew`: the last token was refused (401), so sign in afresh instead of reusing it. */
  bearerToken(renew?: boolean): Promise<string | null>;
}

/** The relay refused or could not be reached; `code` is the server's error code when it answered. */
export class RelayError extends Error {
  constructor(
    readonly kind: 'refused' | 'unavailable' | 'no_device_session',
    readonly code: string | null,
  ) {
    super(`Relay ${kind}${code ? `: ${code}` : ''}`);
    this.name = 'RelayError';
  }
}

/** The app side of the relay strategy: register a flow, and later redeem its handoff once. */
export interface RelayClient {
  start(input: { platform: Platform; state: string; codeVerifier: string | null }): Promise<{ redirectUri: string }>;
  redeem(handoff: string): Promise<RelayRedeemResponse>;
}

const TIMEOUT_MS = 20_000;

/** RelayClient over the core's HttpClient to the licence server, authenticated with the device session. */
export function createHttpRelayClient(session: RelayDeviceSession, http: HttpClient): RelayClient {
  const baseUrl = session.serverUrl;
  const post = async (path: string, body: unknown) => {
    let token: string | null;
    try {
      token = await session.bearerToken();
    } catch {
      throw new RelayError('unavailable', 'no_session');
    }
    if (token === null) throw new RelayError('no_device_session', null);
    const result = await http.send({
      method: 'POST',
      url: `${baseUrl}${path}`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      bearerToken: token,
      timeoutMs: TIMEOUT_MS,
    });
    // Not reached, no answer, or a redirect (never followed: the relay does not send one) alike.
    if (result.kind !== 'response' || (result.status >= 300 && result.status < 400)) throw new RelayError('unavailable', null);
    const json = parseJsonOrNull(result.body);
    if (result.status < 200 || result.status >= 300) {
      const code = typeof (json as { code?: unknown } | null)?.code === 'string' ? (json as { code: string }).code : null;
      throw new RelayError(result.status >= 500 ? 'unavailable' : 'refused', code);
    }
    return json;
  };
  return {
    start: async (input) => {
      const parsed = relayStartResponseSchema.safeParse(await post(RELAY_API.flows, relayStartRequestSchema.parse(input)));
      if (!parsed.success) throw new RelayError('unavailable', 'bad_response');
      return { redirectUri: parsed.data.redirectUri };
    },
    redeem: async (handoff) => {
      const parsed = relayRedeemResponseSchema.safeParse(await post(`${RELAY_API.redeem}/${encodeURIComponent(handoff)}`, {}));
      if (!parsed.success) throw new RelayError('unavailable', 'bad_response');
      return parsed.data;
    },
  };
}

function parseJsonOrNull(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Starts a `relay` sign-in: registers state (and the PKCE verifier where the provider takes it)
 * with the licence server for this device, then builds the authorize URL whose redirect goes to
 * the server. The server exchanges the code with the client secret and sends the browser on to
 * `agencyiq://oauth/complete?handoff=…`, which `redeem` turns into tokens exactly once.
 */
export async function startRelayFlow(
  provider: ProviderDefinition,
  clientId: string,
  relay: RelayClient,
  clock: Clock,
  timeoutMs: number,
): Promise<{ flow: PendingFlow; authorizeUrl: string }> {
  const state = createState();
  const pkce = provider.pkce ? createPkcePair() : null;
  const { redirectUri } = await relay.start({ platform: provider.platform, state, codeVerifier: pkce?.verifier ?? null });
  return {
    flow: {
      platform: provider.platform,
      state,
      codeVerifier: pkce?.verifier ?? '',
      redirectUri,
      expiresAt: clock.now() + timeoutMs,
      release: () => {},
    },
    authorizeUrl: buildAuthorizationUrl({ provider, clientId, redirectUri, state, codeChallenge: pkce?.challenge ?? null }),
  };
}
