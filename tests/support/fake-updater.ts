import type { AvailableUpdate, DownloadProgress, Updater } from '../../electron/core/ports/updater';
import type { TimerHandle, Timers } from '../../electron/core/ports/timers';

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

/**
 * An Updater whose every step waits for the test: `answerCheck`, `progress`, `finishDownload`,
 * `failDownload`. Records how often each step was asked for and whether a restart happened.
 */
export class FakeUpdater implements Updater {
  checks = 0;
  downloads = 0;
  restarts = 0;
  #check: Pending<AvailableUpdate | null> | null = null;
  #download: (Pending<void> & { onProgress: (progress: DownloadProgress) => void }) | null = null;

  check(): Promise<AvailableUpdate | null> {
    this.checks += 1;
    return new Promise((resolve, reject) => {
      this.#check = { resolve, reject };
    });
  }

  download(onProgress: (progress: DownloadProgress) => void): Promise<void> {
    this.downloads += 1;
    return new Promise((resolve, reject) => {
      this.#download = { resolve, reject, onProgress };
    });
  }

  restartAndInstall(): void {
    this.restarts += 1;
  }

  answerCheck(update: AvailableUpdate | null): void {
    this.#pendingCheck().resolve(update);
    this.#check = null;
  }

  failCheck(message = 'net::ERR_INTERNET_DISCONNECTED'): void {
    this.#pendingCheck().reject(new Error(message));
    this.#check = null;
  }

  progress(progress: DownloadProgress): void {
    this.#pendingDownload().onProgress(progress);
  }

  finishDownload(): void {
    this.#pendingDownload().resolve();
    this.#download = null;
  }

  failDownload(message = 'sha512 checksum mismatch'): void {
    this.#pendingDownload().reject(new Error(message));
    this.#download = null;
  }

  #pendingCheck(): Pending<AvailableUpdate | null> {
    if (this.#check === null) throw new Error('No check is waiting');
    return this.#check;
  }

  #pendingDownload() {
    if (this.#download === null) throw new Error('No download is waiting');
    return this.#download;
  }
}

/** Timers that only fire when the test says so; `pending` shows what is scheduled and when. */
export class ManualTimers implements Timers {
  readonly pending = new Map<number, { callback: () => void; delayMs: number }>();
  #next = 1;

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#next++;
    this.pending.set(id, { callback, delayMs });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle as number);
  }

  /** The delays of everything scheduled, oldest first. */
  delays(): number[] {
    return [...this.pending.values()].map((entry) => entry.delayMs);
  }

  /** Fires every timer pending now with exactly this delay (those they set wait for the next call). */
  fireDelay(delayMs: number): void {
    for (const [id, entry] of [...this.pending]) {
      if (entry.delayMs !== delayMs || !this.pending.has(id)) continue;
      this.pending.delete(id);
      entry.callback();
    }
  }

  /** Fires the oldest pending timer. */
  fireNext(): void {
    const [first] = this.pending.entries();
    if (first === undefined) throw new Error('No timer is pending');
    this.pending.delete(first[0]);
    first[1].callback();
  }
}

/** Lets promise callbacks queued so far run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}
