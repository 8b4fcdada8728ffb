import type { LicenceErrorBody } from '@shared/licence/licence-api';

type Code = LicenceErrorBody['code'];

const STATUS: Record<Code, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  nonce_expired: 401,
  unknown_licence_key: 404,
  seats_full: 409,
  no_licence: 409,
  licence_lapsed: 409,
  device_deactivated: 409,
  already_licensed: 409,
  unknown_device: 404,
  stripe_unavailable: 502,
  rate_limited: 429,
  media_too_large: 413,
  media_type_refused: 415,
  staging_full: 409,
  unknown_media: 404,
  internal: 500,
};

/**
 * A refusal the app understands: becomes `{code, message[, devices]}` with the code's HTTP status
 * (and a `Retry-After` header when `retryAfterSeconds` is given).
 */
export class LicenceHttpError extends Error {
  override name = 'LicenceHttpError';
  readonly statusCode: number;

  constructor(
    readonly code: Code,
    message: string,
    readonly devices?: LicenceErrorBody['devices'],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.statusCode = STATUS[code];
  }

  body(): LicenceErrorBody {
    return this.devices ? { code: this.code, message: this.message, devices: this.devices } : { code: this.code, message: this.message };
  }
}
