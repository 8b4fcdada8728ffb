import { useEffect, useState } from 'react';
import type { Platform } from '@shared/domain/platform';
import type { DraftInput } from '@shared/ipc/drafts-channels';
import type { DraftSaver } from '../draft-saver';

/**
 * The draft and its chosen platforms as the owner edits them, read from the draft's saver
 * (every edit passes through it), so the attachments and the preview need no wiring into the editor.
 */
export function useDraftFacts(
  saver: DraftSaver,
  initial: DraftInput,
): { draft: DraftInput; platforms: Platform[] } {
  const [draft, setDraft] = useState(initial);
  useEffect(
    () =>
      saver.subscribe(() => {
        const latest = saver.unsaved();
        if (latest) setDraft(latest);
      }),
    [saver],
  );
  return { draft, platforms: draft.targets.map((target) => target.platform) };
}
