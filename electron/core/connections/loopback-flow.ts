import type { Clock } from '../ports/clock';
import type { Timers } from '../ports/timers';
import { buildAuthorizationUrl } from './authorization-request';
import { startLoopbackListener, type LoopbackCallback } from './loopback-listener';
import type { PendingFlow } from './pending-flows';
import { createPkcePair, createState } from './pkce';
import type { ProviderDefinition } from './provider-registry';

/**
 * Starts a `loopback` sign-in (YouTube, Google "Desktop app" client): a one-shot listener on
 * 127.0.0.1, and the authorize URL redirecting to it. `callback` settles when the browser comes
 * back, or rejects (LoopbackClosedError) on timeout or cancel; releasing the flow closes it.
 */
export async function startLoopbackFlow(
  provider: ProviderDefinition,
  clientId: string,
  clock: Clock,
  timers: Timers,
  timeoutMs: number,
): Promise<{ flow: PendingFlow; authorizeUrl: string; callback: Promise<LoopbackCallback> }> {
  const state = createState();
  const pkce = createPkcePair();
  const listener = await startLoopbackListener({ expectedState: state, timeoutMs, timers });
  return {
    flow: {
      platform: provider.platform,
      state,
      codeVerifier: pkce.verifier,
      redirectUri: listener.redirectUri,
      expiresAt: clock.now() + timeoutMs,
      release: listener.close,
    },
    authorizeUrl: buildAuthorizationUrl({ provider, clientId, redirectUri: listener.redirectUri, state, codeChallenge: pkce.challenge }),
    callback: listener.callback,
  };
}
