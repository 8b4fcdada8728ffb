import { z } from 'zod';

/**
 * The secrets of one connection, stored as ONE encrypted JSON blob (never a column each).
 * `accessToken` is what publishing sends; for Facebook and Instagram it is the chosen Page's
 * token. `userAccessToken` is kept only where disconnecting needs it (Meta's permission revoke).
 */
export const tokenSetSchema = z.strictObject({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable(),
  userAccessToken: z.string().min(1).nullable(),
  scope: z.string().nullable(),
});
export type TokenSet = z.infer<typeof tokenSetSchema>;

/** What a token endpoint answered, normalised; instants are ms since the epoch. */
export interface TokenResponse {
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  scope: string | null;
}
