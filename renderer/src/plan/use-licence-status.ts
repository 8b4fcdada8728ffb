import { useCallback, useEffect, useState } from 'react';
import type { LicenceStatus } from '@shared/ipc/licence-channels';
import { call, errorMessage, subscribe } from '../ipc/client';

export interface LicenceStatusState {
  status: LicenceStatus | null;
  error: string | null;
  /** Reads the stored status again (no network). */
  reload: () => void;
  /** Takes a status an action answered with. */
  update: (status: LicenceStatus) => void;
}

/** The licence status, kept current by `licence.changed` (sync, deep link, other windows). */
export function useLicenceStatus(): LicenceStatusState {
  const [status, setStatus] = useState<LicenceStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    call('licence.status', {}).then(
      (value) => {
        if (!current) return;
        setStatus(value);
        setError(null);
      },
      (e: unknown) => current && setError(errorMessage(e)),
    );
    const unsubscribe = subscribe('licence.changed', (value) => {
      setStatus(value);
      setError(null);
    });
    return () => {
      current = false;
      unsubscribe();
    };
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { status, error, reload, update: setStatus };
}
