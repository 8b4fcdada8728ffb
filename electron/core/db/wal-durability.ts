import type { WalFsync } from '../ports/wal-fsync';

interface Waiting {
  /** The commit's number: how many commits had been announced, itself included. */
  commit: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for durable writes: a transaction commits with synchronous=NORMAL (its WAL frames
 * written, not fsynced, nothing long on the event loop), then `afterCommit()` resolves once an
 * fsync of the -wal file that STARTED after that commit has finished (docs/architecture.md,
 * "The outbox's write path").
 *
 * The rule: an fsync covers the commits announced before it started, and only those — one
 * already in flight when a commit is announced may have run before that commit's frames were
 * written, so it does not count for it. Commits announced while an fsync is in flight share the
 * next one, started as soon as it ends. A failed fsync fails every commit it covered (their
 * writes are committed but not known durable: whatever waits on them must not go ahead).
 */
export class WalDurability {
  #announced = 0;
  #inFlight = false;
  #fsyncs = 0;
  #waiting: Waiting[] = [];

  constructor(private readonly wal: WalFsync) {}

  /** fsyncs started so far (the publish bench reports claims per fsync). */
  get fsyncs(): number {
    return this.#fsyncs;
  }

  /**
   * Resolves once the commit(s) made before this call are durable. Call it after the commit
   * returned; calling it later is safe, it only waits for a later fsync.
   */
  afterCommit(): Promise<void> {
    const commit = ++this.#announced;
    return new Promise((resolve, reject) => {
      this.#waiting.push({ commit, resolve, reject });
      if (!this.#inFlight) this.#start();
    });
  }

  #start(): void {
    this.#inFlight = true;
    this.#fsyncs++;
    const covers = this.#announced;
    const settle = (answer: (waiting: Waiting) => void): void => {
      const done = this.#waiting.filter((waiting) => waiting.commit <= covers);
      this.#waiting = this.#waiting.filter((waiting) => waiting.commit > covers);
      this.#inFlight = false;
      for (const waiting of done) answer(waiting);
      if (this.#waiting.length > 0) this.#start();
    };
    let fsynced: Promise<void>;
    try {
      fsynced = this.wal.fsync();
    } catch (error) {
      fsynced = Promise.reject(error);
    }
    fsynced.then(
      () => settle((waiting) => waiting.resolve()),
      (error: unknown) => settle((waiting) => waiting.reject(error)),
    );
  }
}
