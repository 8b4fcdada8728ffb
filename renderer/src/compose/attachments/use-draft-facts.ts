import { useEffect, useState } from 'react';
import type { Platform } from '@shared/domain/platform';
import type { DraftInput } from '@shared/ipc/drafts-channels';
import type { DraftSaver } from '../draft-saver';

/**
 * The chosen platforms and YouTube title as the owner edits them, read from the draft's saver
 * (every edit passes through it), so the attachments need no wiring into the editor.
 */
export function useDraftFacts(
  saver: DraftSaver,
  initial: DraftInput,
): { draft: DraftInput; platforms: Platform[]; youtubeTitle: string | undefined } {
  const [draft, setDraft] = useState(initial);
  useEffect(
    () =>
      saver.subscribe(() => {
        const latest = saver.unsaved();
        if (latest) setDraft(latest);
      }),
    [saver],
  );
  const youtube = draft.targets.find((target) => target.platform === 'youtube');
  return { draft, platforms: draft.targets.map((target) => target.platform), youtubeTitle: youtube ? (youtube.title ?? '') : undefined };
}
