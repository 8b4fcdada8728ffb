import { useEffect, useState } from 'react';
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

export function useDraftLoader(draftId: string, attempt: number): LoadedDraft {
  const [loaded, setLoaded] = useState<{ key: string; value: LoadedDraft } | null>(null);
  const key = `${draftId}#${attempt}`;
  useEffect(() => {
    let current = true;
    openDraft(draftId).then(
      (value) => current && setLoaded({ key, value }),
      (error: unknown) => current && setLoaded({ key, value: { state: 'error', message: errorMessage(error) } }),
    );
    return () => {
      current = false;
    };
  }, [draftId, key]);
  return loaded?.key === key ? loaded.value : { state: 'loading' };
}
