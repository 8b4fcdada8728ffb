import { draftInputSchema, type DraftInput } from '@shared/ipc/drafts-channels';

/**
 * A synchronous copy of the newest edit of each draft that the main process has not yet
 * acknowledged. localStorage is written before the keystroke's handler returns, so a reload or
 * a crash of the app or the host between typing and the debounced save loses nothing: the next
 * start saves what is here. An entry exists only while a save is outstanding, so whenever one
 * is found it is the owner's latest text.
 */
const PREFIX = 'agencyiq:draft-journal:';

export function writeJournal(draft: DraftInput): void {
  try {
    window.localStorage.setItem(PREFIX + draft.id, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the debounced save still runs; the journal is a second line.
  }
}

export function clearJournal(draftId: string): void {
  try {
    window.localStorage.removeItem(PREFIX + draftId);
  } catch {
    // Nothing to clear if storage is unavailable.
  }
}

function parseEntry(raw: string | null): DraftInput | null {
  if (raw === null) return null;
  try {
    const parsed = draftInputSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function readJournal(draftId: string): DraftInput | null {
  try {
    return parseEntry(window.localStorage.getItem(PREFIX + draftId));
  } catch {
    return null;
  }
}

/** Every journalled draft. Unreadable entries are dropped rather than retried forever. */
export function listJournal(): DraftInput[] {
  const entries: DraftInput[] = [];
  try {
    const keys = Array.from({ length: window.localStorage.length }, (_, i) => window.localStorage.key(i));
    for (const key of keys) {
      if (!key?.startsWith(PREFIX)) continue;
      const entry = parseEntry(window.localStorage.getItem(key));
      if (entry) entries.push(entry);
      else window.localStorage.removeItem(key);
    }
  } catch {
    return entries;
  }
  return entries;
}

/** True when two versions of a draft hold the same text and platforms. */
export function sameContent(a: Pick<DraftInput, 'body' | 'targets'>, b: Pick<DraftInput, 'body' | 'targets'>): boolean {
  return a.body === b.body && JSON.stringify(a.targets) === JSON.stringify(b.targets);
}
