import { afterThisTurn } from '../ports/timers';

/** How one write of a batch ended: its result, or the error it alone failed with. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<Write, Result> {
  write: Write;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Lets the writes submitted in the same turn of the event loop share one transaction: one
 * commit, one fsync, however many.
 *
 * The engine submits its leaving marks (right before each request) and its outcomes (after each
 * answer) here; they are committed without an fsync, and a send that finishes usually frees the
 * slot for the next one in the same turn, so its outcome and the next leaving mark share one
 * commit. Claims do not come through here: a batch of them is committed durably before any of
 * its sends starts (outbox-store.ts).
 *
 * `flush` answers each write in order; a write that failed fails alone.
 */
export class WriteBatcher<Write, Result> {
  #waiting: Array<Waiting<Write, Result>> = [];

  constructor(private readonly flush: (writes: readonly Write[]) => Promise<Array<Settled<Result>>>) {}

  submit(write: Write): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ write, resolve, reject });
      // After this turn, not a microtask: writes whose sends finish in this turn join the batch.
      if (this.#waiting.length === 1) afterThisTurn(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    try {
      const settled = await this.flush(batch.map((waiting) => waiting.write));
      batch.forEach((waiting, index) => {
        const outcome = settled[index];
        if (outcome === undefined) waiting.reject(new Error('the batch gave no answer for this write'));
        else if (outcome.ok) waiting.resolve(outcome.value);
        else waiting.reject(outcome.error);
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
