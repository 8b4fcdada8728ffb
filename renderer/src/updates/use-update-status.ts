import { useCallback, useEffect, useState } from 'react';
import type { UpdateStatus } from '@shared/ipc/updates-channels';
import type { UpdateAction } from '@shared/updates/describe-update';
import { call, errorMessage, subscribe } from '../ipc/client';

const CHANNEL: Record<UpdateAction['kind'], 'updates.check' | 'updates.download' | 'updates.restart'> = {
  check: 'updates.check',
  download: 'updates.download',
  restart: 'updates.restart',
};

/**
 * The app's update state, kept current by `updates.changed`, and `run` for the state's button.
 * `failure` is a transport error in plain words (the update's own errors are part of the state).
 */
export function useUpdateStatus(): { status: UpdateStatus | null; failure: string | null; run: (action: UpdateAction) => void } {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const unsubscribe = subscribe('updates.changed', (next) => {
      setStatus(next);
      setFailure(null);
    });
    call('updates.status', {}).then(
      (next) => current && setStatus(next),
      (error: unknown) => current && setFailure(errorMessage(error)),
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, []);

  const run = useCallback((action: UpdateAction) => {
    setFailure(null);
    call(CHANNEL[action.kind], {}).then(setStatus, (error: unknown) => setFailure(errorMessage(error)));
  }, []);

  return { status, failure, run };
}
