import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ScheduleProblem } from '@shared/ipc/scheduling-channels';
import { IpcError } from '@shared/ipc/errors';
import { call, errorMessage, subscribe } from '../ipc/client';
import type { DraftSaver } from './draft-saver';

export type ScheduleCheck =
  /** Nothing saved yet: there is no post to check. */
  | { state: 'unsaved' }
  | { state: 'checking'; problems: ScheduleProblem[] | null }
  | { state: 'ready'; problems: ScheduleProblem[] }
  | { state: 'error'; message: string };

/**
 * What stands in the way of scheduling this draft, asked again after every save and whenever a
 * connection or the plan changes (reconnecting X clears "Connect X first" without a reload).
 */
export function useScheduleCheck(saver: DraftSaver): { check: ScheduleCheck; recheck: () => void } {
  const status = useSyncExternalStore(saver.subscribe, saver.getStatus);
  const savedAt = status.kind === 'saved' ? status.at : null;
  const [round, setRound] = useState(0);
  const [result, setResult] = useState<{ key: string; value: ScheduleCheck } | null>(null);
  const key = `${savedAt}#${round}`;

  useEffect(() => {
    const again = () => setRound((n) => n + 1);
    const stops = [subscribe('connections.changed', again), subscribe('licence.changed', again)];
    return () => stops.forEach((stop) => stop());
  }, []);

  useEffect(() => {
    if (savedAt === null) return;
    let current = true;
    call('scheduling.check', { postId: saver.draftId }).then(
      ({ problems }) => current && setResult({ key, value: { state: 'ready', problems } }),
      (error: unknown) => {
        if (!current) return;
        // Not on disk yet (its first save is on the way): nothing to check.
        if (error instanceof IpcError && error.code === 'not_found') setResult({ key, value: { state: 'unsaved' } });
        else setResult({ key, value: { state: 'error', message: errorMessage(error) } });
      },
    );
    return () => {
      current = false;
    };
  }, [key, savedAt, saver.draftId]);

  const recheck = useCallback(() => setRound((n) => n + 1), []);
  if (savedAt === null && status.kind === 'idle') return { check: { state: 'unsaved' }, recheck };
  if (result?.key === key) return { check: result.value, recheck };
  const previous = result?.value.state === 'ready' ? result.value.problems : null;
  return { check: { state: 'checking', problems: previous }, recheck };
}
