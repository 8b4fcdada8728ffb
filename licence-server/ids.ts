import { randomBytes } from 'node:crypto';
import { generateLicenceKey } from './licence-key';

/** Where new identifiers come from; injected so tests can tell them apart from real ones. */
export interface IdSource {
  device(): string;
  checkout(): string;
  licence(): { id: string; licenceKey: string };
  nonce(): string;
}

const random = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** Unguessable random identifiers. */
export const randomIds: IdSource = {
  device: () => random('dev_', 12),
  checkout: () => random('co_', 12),
  licence: () => ({ id: random('lic_', 12), licenceKey: generateLicenceKey() }),
  nonce: () => randomBytes(32).toString('base64url'),
};
