import type { DraftInput } from '@shared/ipc/drafts-channels';
import { IpcError } from '@shared/ipc/errors';
import { call, errorMessage } from '../ipc/client';
import { clearJournal, writeJournal } from './draft-journal';

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  /** `retrying`: the app was unreachable; the saver tries again by itself. */
  | { kind: 'error'; message: string; retrying: boolean };

const DEBOUNCE_MS = 400;
// When the app is unreachable, keep trying quietly; the journal holds the text meanwhile.
const RETRY_UNAVAILABLE_MS = 5_000;

/**
 * Autosave for one draft, independent of React so a save started as the owner leaves the
 * Compose page still finishes. Every edit is journalled synchronously, then `drafts.save`
 * (an idempotent upsert of the whole draft) runs after a pause in typing. At most one save is
 * in flight; edits made meanwhile are queued as one newest version.
 */
export class DraftSaver {
  private queued: DraftInput | null = null;
  private inFlight: Promise<void> | null = null;
  private flushAfterFlight = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private status: SaveStatus;
  private readonly listeners = new Set<(status: SaveStatus) => void>();

  constructor(
    readonly draftId: string,
    initial: SaveStatus,
  ) {
    this.status = initial;
  }

  // Arrow properties so React's useSyncExternalStore gets stable functions.
  readonly getStatus = (): SaveStatus => this.status;

  /** The newest edit not yet acknowledged, if any. */
  unsaved(): DraftInput | null {
    return this.queued;
  }

  readonly subscribe = (listener: (status: SaveStatus) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(draft: DraftInput): void {
    writeJournal(draft);
    this.queued = draft;
    this.setStatus({ kind: 'pending' });
    this.schedule(DEBOUNCE_MS);
  }

  /** Saves now (blur, leaving the page, closing the window). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queued === null) return;
    if (this.inFlight) {
      this.flushAfterFlight = true;
      return;
    }
    this.inFlight = this.send(this.queued);
  }

  /** Resolves when nothing is in flight (the queued version, if any, has been sent too). */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), delay);
  }

  private async send(draft: DraftInput): Promise<void> {
    this.queued = null;
    this.flushAfterFlight = false;
    this.setStatus({ kind: 'saving' });
    try {
      const ack = await call('drafts.save', draft);
      this.inFlight = null;
      if (this.queued === null) {
        clearJournal(draft.id);
        this.setStatus({ kind: 'saved', at: ack.updatedAt });
      } else if (this.flushAfterFlight) {
        this.flush();
      } else {
        this.setStatus({ kind: 'pending' });
      }
    } catch (error) {
      this.inFlight = null;
      // Keep the failed version queued unless the owner has typed something newer.
      this.queued ??= draft;
      const retrying = error instanceof IpcError && error.code === 'unavailable';
      this.setStatus({ kind: 'error', message: errorMessage(error), retrying });
      if (retrying) this.schedule(RETRY_UNAVAILABLE_MS);
      else if (this.flushAfterFlight) this.flush();
    }
  }

  private setStatus(status: SaveStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

// One saver per draft for the page's lifetime, so reopening a draft never races its own save.
const savers = new Map<string, DraftSaver>();

/** The newest edit of a draft still waiting to be saved in this page, if any. */
export function unsavedEdit(draftId: string): DraftInput | null {
  return savers.get(draftId)?.unsaved() ?? null;
}

export function saverFor(draftId: string, initial: SaveStatus): DraftSaver {
  let saver = savers.get(draftId);
  if (!saver) {
    saver = new DraftSaver(draftId, initial);
    savers.set(draftId, saver);
  }
  return saver;
}

/** Sends every pending edit and waits for the answers, so a list shows what was just typed. */
export async function flushAllSavers(): Promise<void> {
  for (const saver of savers.values()) saver.flush();
  await Promise.all([...savers.values()].map((saver) => saver.settled()));
}
