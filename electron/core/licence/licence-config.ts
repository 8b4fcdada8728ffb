import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { LICENCE_PUBLIC_KEY } from '@shared/licence/licence-public-key';
import { applyDevOverridePolicy, type DevOverridePolicy } from '../config/dev-overrides';
import { serviceUrlSchema } from '../config/service-url-schema';
import { parseEd25519PublicKey } from './ed25519';

/** Where the production licence server lives. */
export const DEFAULT_LICENCE_SERVER_URL = 'https://licence.agencyiq.com.au';

/** The env keys the licence domain owns. Unknown keys are other domains' business. */
const licenceEnvSchema = z.object({
  AGENCYIQ_LICENCE_SERVER_URL: serviceUrlSchema.optional(),
  AGENCYIQ_LICENCE_PUBLIC_KEY: z.string().optional(),
});

export interface LicenceConfig {
  /** Base URL without a trailing slash. */
  serverUrl: string;
  /** The key leases must be signed with. */
  publicKey: KeyObject;
}

/** The configuration cannot be used; the message names the variable and what is wrong. */
export class LicenceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LicenceConfigError';
  }
}

/**
 * Reads the licence configuration. `allowDevOverrides` comes from the host: true for the browser
 * host and unpackaged Electron (tests and development run their own server with its own key);
 * a packaged app ignores the server URL and key overrides, because honouring them would let
 * anyone mint leases or collect licence keys (config/dev-overrides.ts).
 */
export function parseLicenceConfig(env: Readonly<Record<string, string | undefined>>, options: DevOverridePolicy): LicenceConfig {
  const parsed = licenceEnvSchema.safeParse(applyDevOverridePolicy(env, options));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LicenceConfigError(`${String(issue?.path[0] ?? 'Licence configuration')} ${issue?.message ?? 'is invalid'}.`);
  }
  const serverUrl = (parsed.data.AGENCYIQ_LICENCE_SERVER_URL ?? DEFAULT_LICENCE_SERVER_URL).replace(/\/+$/, '');

  let publicKeyText = LICENCE_PUBLIC_KEY;
  const override = parsed.data.AGENCYIQ_LICENCE_PUBLIC_KEY;
  if (override !== undefined && override.trim() !== '') publicKeyText = override;
  const publicKey = parseEd25519PublicKey(publicKeyText);
  if (publicKey === null) {
    throw new LicenceConfigError('AGENCYIQ_LICENCE_PUBLIC_KEY must be an Ed25519 public key (raw base64url or PEM).');
  }
  return { serverUrl, publicKey };
}
