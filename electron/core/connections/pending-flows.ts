import crypto from 'node:crypto';
import type { Platform } from '@shared/domain/platform';
import type { Clock } from '../ports/clock';

/** One sign-in the app started and is waiting for. Lives in memory only: a restart forgets it. */
export interface PendingFlow {
  platform: Platform;
  state: string;
  /** The PKCE verifier; sent only to the token endpoint (or, for the relay, the licence server). */
  codeVerifier: string;
  redirectUri: string;
  expiresAt: number;
  /** Releases what the flow holds (the loopback listener); called once when it ends any way. */
  release(): void;
}

/** Why a callback was not accepted. */
export type ConsumeRefusal = 'unknown_state' | 'wrong_platform' | 'expired';

export type ConsumeResult = { ok: true; flow: PendingFlow } | { ok: false; reason: ConsumeRefusal };

/**
 * The app's waiting sign-ins, keyed by `state`. A state is consumed exactly once: the first
 * callback that presents it takes the flow out; a replay, a state we never issued, or one that
 * belongs to another platform is refused — and a refused callback leaves a real pending flow
 * untouched, so a hostile link cannot cancel the owner's sign-in. One flow per platform:
 * starting again replaces (and releases) the previous one.
 */
export class PendingFlows {
  readonly #byState = new Map<string, PendingFlow>();

  constructor(private readonly clock: Clock) {}

  add(flow: PendingFlow): void {
    this.cancel(flow.platform);
    this.#byState.set(flow.state, flow);
  }

  /** Takes the flow for `state` out, if it exists, is for `platform` and has not expired. */
  consume(state: string, platform: Platform): ConsumeResult {
    const flow = this.#find(state);
    if (flow === undefined) return { ok: false, reason: 'unknown_state' };
    if (flow.platform !== platform) return { ok: false, reason: 'wrong_platform' };
    this.#byState.delete(flow.state);
    flow.release();
    if (flow.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, flow };
  }

  /** Ends the platform's waiting flow, if any; returns whether there was one. */
  cancel(platform: Platform): boolean {
    const flow = this.waiting(platform);
    if (flow === null) return false;
    this.#byState.delete(flow.state);
    flow.release();
    return true;
  }

  /** The platform's flow that is still waiting for the browser, or null. */
  waiting(platform: Platform): PendingFlow | null {
    this.#sweep();
    for (const flow of this.#byState.values()) if (flow.platform === platform) return flow;
    return null;
  }

  /** Ends every flow (on close). */
  clear(): void {
    for (const flow of this.#byState.values()) flow.release();
    this.#byState.clear();
  }

  // Compared in constant time so the lookup does not leak how much of a guessed state matched.
  #find(state: string): PendingFlow | undefined {
    const wanted = Buffer.from(state);
    for (const [candidate, flow] of this.#byState) {
      const have = Buffer.from(candidate);
      if (have.length === wanted.length && crypto.timingSafeEqual(have, wanted)) return flow;
    }
    return undefined;
  }

  #sweep(): void {
    const now = this.clock.now();
    for (const [state, flow] of this.#byState) {
      if (flow.expiresAt <= now) {
        this.#byState.delete(state);
        flow.release();
      }
    }
  }
}
