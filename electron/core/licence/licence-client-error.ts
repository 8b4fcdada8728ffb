import type { z } from 'zod';
import type { deviceSchema, LicenceErrorBody } from '@shared/licence/licence-api';

/**
 * - `offline`: the server could not be reached (no network, DNS, refused, timed out).
 * - `server_unavailable`: it answered with a 5xx.
 * - `bad_response`: it answered something that does not match the contract.
 * - `refused`: a well-formed `{code, message}` refusal (seats full, unknown key, lapsed…).
 */
export type LicenceClientErrorKind = 'offline' | 'server_unavailable' | 'bad_response' | 'refused';

const MESSAGES: Readonly<Record<Exclude<LicenceClientErrorKind, 'refused'>, string>> = {
  offline: 'AgencyIQ could not reach its server. Check your internet connection, then try again.',
  server_unavailable: "AgencyIQ's server is having trouble right now. Please try again in a few minutes.",
  bad_response:
    "AgencyIQ's server gave an answer this version of the app does not understand. Please try again later, or update AgencyIQ.",
};

/** Every failure of a licence server call, typed; the message is fit to show the owner. */
export class LicenceClientError extends Error {
  readonly kind: LicenceClientErrorKind;
  /** The server's error code, for `refused`. */
  readonly code: LicenceErrorBody['code'] | null;
  readonly status: number | null;
  /** With `seats_full`: the devices holding the seats. */
  readonly devices: z.infer<typeof deviceSchema>[];

  constructor(
    kind: LicenceClientErrorKind,
    options: { status?: number | null; body?: LicenceErrorBody; detail?: string } = {},
  ) {
    super(kind === 'refused' ? (options.body?.message ?? MESSAGES.bad_response) : MESSAGES[kind]);
    this.name = 'LicenceClientError';
    this.kind = kind;
    this.code = options.body?.code ?? null;
    this.status = options.status ?? null;
    this.devices = options.body?.devices ?? [];
    // For logs only: what went wrong underneath (never a token or a body with secrets).
    if (options.detail !== undefined) this.cause = options.detail;
  }
}
