import { IpcError } from '../../../shared/ipc/errors';
import { call, errorMessage } from '../ipc/client';
import { clearJournal, listJournal, sameContent } from './draft-journal';

export interface RecoveryOutcome {
  /** Drafts whose unsaved text was found in the journal and has now been saved. */
  restored: string[];
  /** Why some journalled text could not be saved yet (it stays journalled for next time). */
  failure: string | null;
}

async function savedCopy(draftId: string) {
  try {
    return await call('drafts.get', { id: draftId });
  } catch (error) {
    if (error instanceof IpcError && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * Runs once at start, before any page opens: text typed before a reload or crash that the main
 * process never acknowledged is saved now, so every page then shows it.
 */
export async function recoverJournalledDrafts(): Promise<RecoveryOutcome> {
  const outcome: RecoveryOutcome = { restored: [], failure: null };
  for (const entry of listJournal()) {
    try {
      const saved = await savedCopy(entry.id);
      if (saved === null || !sameContent(entry, saved)) {
        await call('drafts.save', entry);
        outcome.restored.push(entry.id);
      }
      clearJournal(entry.id);
    } catch (error) {
      outcome.failure = errorMessage(error);
    }
  }
  return outcome;
}
