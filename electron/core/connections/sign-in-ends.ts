import { PROVIDERS } from '@shared/platforms/providers';
import type { ConnectionRecord } from './connection-store';

/**
 * When the connection's sign-in stops working without the owner: the access token for
 * platforms whose tokens live long and are not refreshed, the refresh token for the others.
 * Null when unknown (never ends, as far as we were told).
 */
export function signInEndsAt(record: Pick<ConnectionRecord, 'platform' | 'accessExpiresAt' | 'refreshExpiresAt'>): number | null {
  return PROVIDERS[record.platform].tokenLifetime === 'long_lived' ? record.accessExpiresAt : record.refreshExpiresAt;
}
