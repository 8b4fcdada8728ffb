import type { z } from 'zod';
import {
  activateResponseSchema,
  CHARGE_SIGNING_PREFIX,
  chargeResponseSchema,
  challengeResponseSchema,
  checkoutResponseSchema,
  DEVICE_SESSION_SIGNING_PREFIX,
  devicesResponseSchema,
  LICENCE_API,
  leaseResponseSchema,
  licenceErrorSchema,
  plansResponseSchema,
  type LeaseRequest,
  portalResponseSchema,
  sessionResponseSchema,
} from '@shared/licence/licence-api';
import type { PlanId } from '@shared/licence/plans';
import type { HttpClient, HttpResult } from '../ports/http-client';
import type { DeviceIdentity } from './device-identity-store';
import { LicenceClientError } from './licence-client-error';

const DEFAULT_TIMEOUT_MS = 15_000;
/** Bigger answers are not ours; reading them whole would only cost memory. */
const MAX_BODY_BYTES = 256 * 1024;

export type DeviceOs = 'mac' | 'windows' | 'linux' | 'other';

/**
 * What the server said. Deliberately without the HTTP `Date` header: nothing authenticates it,
 * so the app's time comes only from signed leases (licence-sync.ts).
 */
export interface ServerAnswer<T> {
  value: T;
}

export interface LicenceClientOptions {
  /** The licence server's base URL, without a trailing slash. */
  baseUrl: string;
  identity: DeviceIdentity;
  os: DeviceOs;
  /** The core's one HTTP client (redirects are never followed; the token goes as `bearerToken`). */
  http: HttpClient;
  timeoutMs?: number;
}

interface Session {
  token: string;
  deviceId: string;
}

/**
 * Talks to the licence server. The device "logs in" by signing a fresh server nonce with its
 * private key; the resulting bearer token stays in memory only and is renewed on a 401, so the
 * owner is never asked for anything. Every answer is checked against the shared schemas;
 * every failure becomes a `LicenceClientError`, never an unhandled exception.
 */
export class LicenceClient {
  #session: Session | null = null;
  #signingIn: Promise<Session> | null = null;
  readonly #closing = new AbortController();

  constructor(private readonly options: LicenceClientOptions) {}

  /** This device's id on the server, once signed in. */
  get deviceId(): string | null {
    return this.#session?.deviceId ?? null;
  }

  /** Renews and returns the lease (or says there is none, or why it is refused). */
  lease(options: LeaseRequest = {}): Promise<ServerAnswer<z.infer<typeof leaseResponseSchema>>> {
    return this.authed('POST', LICENCE_API.lease, options, leaseResponseSchema);
  }

  /** Reports a post charged on this device, signed with the device key; the answer is the server's count. */
  reportCharge(postId: string, cycleStart: number): Promise<ServerAnswer<z.infer<typeof chargeResponseSchema>>> {
    const signature = this.options.identity.sign(`${CHARGE_SIGNING_PREFIX}${postId}:${cycleStart}`);
    return this.authed('POST', LICENCE_API.charges, { postId, cycleStart, signature }, chargeResponseSchema);
  }

  /** The plans on sale with their Stripe prices; public, so no sign-in round first. */
  plans(): Promise<ServerAnswer<z.infer<typeof plansResponseSchema>>> {
    return this.request('GET', LICENCE_API.plans, undefined, plansResponseSchema);
  }

  checkout(plan: PlanId): Promise<ServerAnswer<z.infer<typeof checkoutResponseSchema>>> {
    return this.authed('POST', LICENCE_API.checkout, { plan }, checkoutResponseSchema);
  }

  /** Adds this device to the licence the key names; the answer is the device's new lease. */
  activate(licenceKey: string, options: LeaseRequest = {}): Promise<ServerAnswer<z.infer<typeof activateResponseSchema>>> {
    return this.authed('POST', LICENCE_API.activate, { licenceKey, ...options }, activateResponseSchema);
  }

  devices(): Promise<ServerAnswer<z.infer<typeof devicesResponseSchema>>> {
    return this.authed('GET', LICENCE_API.devices, undefined, devicesResponseSchema);
  }

  /** Frees a seat; the server answers with the devices that remain. */
  deactivate(deviceId: string): Promise<ServerAnswer<z.infer<typeof devicesResponseSchema>>> {
    return this.authed('DELETE', `${LICENCE_API.devices}/${encodeURIComponent(deviceId)}`, undefined, devicesResponseSchema);
  }

  portal(): Promise<ServerAnswer<z.infer<typeof portalResponseSchema>>> {
    return this.authed('POST', LICENCE_API.portal, {}, portalResponseSchema);
  }

  /**
   * The device's bearer token for other services of the licence server (the OAuth relay proves
   * with it that a handoff goes to the device that started the sign-in; media staging signs its
   * uploads with it). Signs in if needed; `renew` (after a 401) signs in afresh.
   */
  async sessionToken(renew = false): Promise<string> {
    if (renew) this.#session = null;
    return (await this.signIn()).token;
  }

  /** Aborts every request in flight and forgets the session token (it only ever lived in memory). */
  close(): void {
    this.#closing.abort();
    this.#session = null;
  }

  private async authed<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body: unknown,
    schema: S,
  ): Promise<ServerAnswer<z.output<S>>> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.signIn();
      try {
        return await this.request(method, path, body, schema, session.token);
      } catch (error) {
        // An expired or revoked token: sign in again once with a fresh nonce, then give up.
        if (error instanceof LicenceClientError && error.status === 401 && attempt === 0) {
          if (this.#session === session) this.#session = null;
          continue;
        }
        throw error;
      }
    }
  }

  /** Single-flight: concurrent calls share one challenge/sign/session round. */
  private signIn(): Promise<Session> {
    if (this.#session !== null) return Promise.resolve(this.#session);
    this.#signingIn ??= (async () => {
      try {
        const { identity } = this.options;
        const challenge = await this.request('POST', LICENCE_API.challenge, { publicKey: identity.publicKey }, challengeResponseSchema);
        const nonce = challenge.value.nonce;
        const session = await this.request(
          'POST',
          LICENCE_API.session,
          {
            publicKey: identity.publicKey,
            nonce,
            signature: identity.sign(DEVICE_SESSION_SIGNING_PREFIX + nonce),
            deviceName: identity.deviceName,
            os: this.options.os,
          },
          sessionResponseSchema,
        );
        this.#session = { token: session.value.token, deviceId: session.value.deviceId };
        return this.#session;
      } finally {
        this.#signingIn = null;
      }
    })();
    return this.#signingIn;
  }

  private async request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body: unknown,
    schema: S,
    token?: string,
  ): Promise<ServerAnswer<z.output<S>>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';

    const result = await this.options.http.send({
      method,
      url: `${this.options.baseUrl}${path}`,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      bearerToken: token,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: this.#closing.signal,
    });
    if (result.kind !== 'response') throw new LicenceClientError('offline', { detail: result.message });
    // A redirect is not followed: the licence server never sends one, so whatever answered is
    // not it (a captive portal, a hijacked DNS name) and the server counts as unreachable.
    if (result.status >= 300 && result.status < 400) {
      throw new LicenceClientError('offline', { detail: `HTTP ${result.status} redirect not followed` });
    }

    const json = readJson(result);
    const ok = result.status >= 200 && result.status < 300;
    if (!ok) {
      const refusal = licenceErrorSchema.safeParse(json);
      if (result.status >= 500) {
        throw new LicenceClientError('server_unavailable', { status: result.status, detail: `HTTP ${result.status}` });
      }
      if (!refusal.success) {
        throw new LicenceClientError('bad_response', { status: result.status, detail: `HTTP ${result.status} without a {code, message} body` });
      }
      throw new LicenceClientError('refused', { status: result.status, body: refusal.data });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new LicenceClientError('bad_response', { status: result.status, detail: `${method} ${path}: the answer does not match the contract` });
    }
    return { value: parsed.data };
  }
}

/**
 * The JSON body of an answer read up to MAX_BODY_BYTES; an empty body is `undefined`, anything
 * else unparsable too. Too large is a bad answer; a body cut off on the way is the network's fault.
 */
function readJson(result: Extract<HttpResult, { kind: 'response' }>): unknown {
  const tooLarge = () => new LicenceClientError('bad_response', { status: result.status, detail: 'answer too large' });
  const declared = Number(result.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = result.body;
  if (text === null) {
    if (result.bodyLost === 'too_large') throw tooLarge();
    throw new LicenceClientError('offline', { detail: 'the answer was cut off' });
  }
  if (text.length > MAX_BODY_BYTES) throw tooLarge();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
