import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { SecretStorageStatus } from '@shared/ipc/secrets-channels';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';

/**
 * How saved sign-ins are kept on this computer (`secrets.status`), replaced by every
 * `secrets.changed`; null while loading. A failed read shows nothing: the pages show their own.
 */
export function useSecretStorage(): { status: SecretStorageStatus | null; update: (status: SecretStorageStatus) => void } {
  const client = useQueryClient();
  const status = useIpcQuery('secrets.status', {}).data ?? null;
  const update = useCallback((next: SecretStorageStatus) => client.setQueryData(ipcQueryKey('secrets.status', {}), next), [client]);
  return { status, update };
}
