import { useEffect, useState } from 'react';
import { recoverJournalledDrafts, type RecoveryOutcome } from '../compose/recover-journal';

/** Runs the journal recovery once per start; null until it has finished. */
export function useRecovery(): RecoveryOutcome | null {
  const [outcome, setOutcome] = useState<RecoveryOutcome | null>(null);
  useEffect(() => {
    let current = true;
    void recoverJournalledDrafts().then((result) => current && setOutcome(result));
    return () => {
      current = false;
    };
  }, []);
  return outcome;
}
