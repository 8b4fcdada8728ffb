import type { z } from 'zod';
import { LicenceHttpError } from './errors';

/**
 * Validates a request part with the shared zod schema (the same one the app builds requests
 * from), so server and app cannot drift. The message names the first bad field, never its value.
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  throw new LicenceHttpError('invalid_request', `The request was not understood${where}: ${issue?.message ?? 'invalid'}.`);
}
