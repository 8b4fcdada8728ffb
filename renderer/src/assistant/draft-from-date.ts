import type { CalendarDaySuggestion } from '@shared/ipc/assistant-channels';
import type { DraftInput } from '@shared/ipc/drafts-channels';

/**
 * The draft a Calendar suggestion opens: the occasion and its day as the text to start from (the
 * owner writes the post, or asks the assistant to from there); no network chosen, nothing scheduled.
 */
export function draftFromDate(id: string, day: CalendarDaySuggestion, longDay: string): DraftInput {
  return { id, body: `${day.name} (${longDay}): `, targets: [] };
}
