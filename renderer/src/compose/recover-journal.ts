import type { DraftInput } from '@shared/ipc/drafts-channels';
import { IpcError } from '@shared/ipc/errors';
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
 * Saves recovered text. If its draft was deleted meanwhile (or is no longer a draft), the text
 * becomes a new draft rather than being dropped or retried at every start. Returns the id used.
 */
async function saveRecovered(entry: DraftInput): Promise<string> {
  try {
    await call('drafts.save', entry);
    return entry.id;
  } catch (error) {
    if (!(error instanceof IpcError && error.code === 'conflict')) throw error;
    const copy = { ...entry, id: crypto.randomUUID() };
    await call('drafts.save', copy);
    return copy.id;
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
        outcome.restored.push(await saveRecovered(entry));
      }
      clearJournal(entry.id);
    } catch (error) {
      outcome.failure = errorMessage(error);
    }
  }
  return outcome;
}
