import { useQuery } from '@tanstack/react-query';
import type { DraftInput } from '@shared/ipc/drafts-channels';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { IpcError } from '@shared/ipc/errors';
import { call, errorMessage } from '../ipc/client';
import { readJournal, sameContent } from './draft-journal';
import { saverFor, unsavedEdit, type DraftSaver } from './draft-saver';

export type LoadedDraft =
  | { state: 'loading' }
  | { state: 'ready'; draft: DraftInput; saver: DraftSaver }
  | { state: 'missing' }
  /** No longer a draft: it is scheduled (or going out). */
  | { state: 'scheduled'; post: PostView; zone: string }
  | { state: 'error'; message: string };

/**
 * Opens a saved draft for editing. Text the owner typed that never reached the main process
 * (still queued in this page, or journalled before a reload or crash) wins over the saved copy
 * and is saved again straight away.
 */
async function openDraft(draftId: string): Promise<LoadedDraft> {
  const queued = unsavedEdit(draftId);
  let saved: (DraftInput & { updatedAt: number }) | null = null;
  try {
    saved = await call('drafts.get', { id: draftId });
  } catch (error) {
    if (!(error instanceof IpcError && error.code === 'not_found')) throw error;
  }
  const saver = saverFor(draftId, saved ? { kind: 'saved', at: saved.updatedAt } : { kind: 'idle' });
  const unsaved = queued ?? readJournal(draftId);
  if (unsaved && (saved === null || !sameContent(unsaved, saved))) {
    saver.update(unsaved);
    saver.flush();
    return { state: 'ready', draft: unsaved, saver };
  }
  if (saved === null) {
    // No longer a draft: scheduled or going out (a finished post lives on the Publishing page).
    const { post, timeZone } = await call('scheduling.get', { postId: draftId });
    return post !== null && (post.state === 'scheduled' || post.state === 'publishing')
      ? { state: 'scheduled', post, zone: timeZone }
      : { state: 'missing' };
  }
  return { state: 'ready', draft: { id: saved.id, body: saved.body, targets: saved.targets }, saver };
}

/**
 * The draft Compose edits, opened once per visit (`attempt` changes to try again). Its key is
 * not a channel, so no contract event ever reloads it under the owner's typing, and it is
 * dropped as soon as Compose closes (`gcTime: 0`): the next visit opens the draft afresh.
 */
export function useDraftLoader(draftId: string, attempt: number): LoadedDraft {
  const query = useQuery({ queryKey: ['drafts.open', draftId, attempt], queryFn: () => openDraft(draftId), gcTime: 0 });
  if (query.data) return query.data;
  if (query.isError) return { state: 'error', message: errorMessage(query.error) };
  return { state: 'loading' };
}
