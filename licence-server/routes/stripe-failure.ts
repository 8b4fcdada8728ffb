import type { FastifyBaseLogger } from 'fastify';
import { LicenceHttpError } from '../errors';

/** Stripe could not be reached or refused us: logged in full here, plain words for the owner. */
export function stripeFailure(log: FastifyBaseLogger, error: unknown, what: string): LicenceHttpError {
  const detail = error instanceof Error ? { type: (error as { type?: string }).type, message: error.message } : { message: String(error) };
  log.error({ stripeError: detail }, `Stripe call failed: ${what}`);
  return new LicenceHttpError('stripe_unavailable', 'The payment service did not answer. Nothing was charged — try again in a minute.');
}
