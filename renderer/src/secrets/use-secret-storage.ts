import { useEffect, useState } from 'react';
import type { SecretStorageStatus } from '@shared/ipc/secrets-channels';
import { call, subscribe } from '../ipc/client';

/** How saved sign-ins are kept on this computer, kept current by `secrets.changed`; null while loading. */
export function useSecretStorage(): { status: SecretStorageStatus | null; update: (status: SecretStorageStatus) => void } {
  const [status, setStatus] = useState<SecretStorageStatus | null>(null);
  useEffect(() => {
    let live = true;
    const stop = subscribe('secrets.changed', (next) => live && setStatus(next));
    call('secrets.status', {}).then(
      (next) => live && setStatus(next),
      () => {
        // The pages show their own load errors; this panel simply stays away.
      },
    );
    return () => {
      live = false;
      stop();
    };
  }, []);
  return { status, update: setStatus };
}
