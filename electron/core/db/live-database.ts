import { CoreError } from '../errors';
import type { OpenedDatabase } from './open-database';

/** What a database swap must be able to undo if the new file does not open. */
export interface SwapResult {
  undo(): void;
}

/**
 * Holds whatever is built on the open database (stores, handlers) so that it can be replaced
 * while the app runs — a restore from a backup — without the dispatcher, the hosts or the
 * transports noticing: they keep one handlers object that reaches the current set through `use`.
 *
 * `use` is how every request touches the database; `replace` waits until no request is inside,
 * holds new ones at the door, stops the set's background work (`close`), closes the database,
 * lets the caller swap files, reopens, and lets the waiting requests in against the new set. If the new file does not open, the swap is undone
 * and the previous database reopened, so the app is never left without one.
 */
export class LiveDatabase<T extends { database: OpenedDatabase; close?: () => Promise<void> }> {
  #current: T;
  #inFlight = 0;
  #drained: (() => void) | null = null;
  #paused: Promise<void> | null = null;
  #closed = false;

  constructor(
    initial: T,
    private readonly reopen: () => Promise<T>,
  ) {
    this.#current = initial;
  }

  /** The current set, for reads that need no protection from a swap (a getter, a version number). */
  get current(): T {
    return this.#current;
  }

  /** Runs `work` against the current set; a swap waits for it, and it waits for a swap. */
  async use<R>(work: (current: T) => Promise<R>): Promise<R> {
    while (this.#paused !== null) await this.#paused;
    if (this.#closed) throw new CoreError('unavailable', 'AgencyIQ is closing.');
    this.#inFlight += 1;
    try {
      return await work(this.#current);
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#drained?.();
    }
  }

  /** Closes the database, runs `swap` on the files, reopens. See the class comment. */
  async replace(swap: () => Promise<SwapResult>): Promise<void> {
    while (this.#paused !== null) await this.#paused;
    if (this.#closed) throw new CoreError('unavailable', 'AgencyIQ is closing.');
    let resume!: () => void;
    this.#paused = new Promise((resolve) => (resume = resolve));
    try {
      await this.#idle();
      await this.#current.close?.();
      await this.#current.database.close();
      let result: SwapResult | null = null;
      try {
        result = await swap();
        this.#current = await this.reopen();
      } catch (error) {
        result?.undo();
        this.#current = await this.reopen();
        throw error;
      }
    } finally {
      this.#paused = null;
      resume();
    }
  }

  /** Waits for running requests, refuses new ones, closes the database. */
  async close(): Promise<void> {
    while (this.#paused !== null) await this.#paused;
    this.#closed = true;
    await this.#idle();
    await this.#current.close?.();
    await this.#current.database.close();
  }

  #idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#drained = () => {
        this.#drained = null;
        resolve();
      };
    });
  }
}
