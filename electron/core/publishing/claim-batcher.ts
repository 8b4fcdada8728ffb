import type { ClaimRequest, ClaimResult } from './outbox-store';

interface Waiting {
  request: ClaimRequest;
  resolve(result: ClaimResult): void;
  reject(error: unknown): void;
}

/**
 * Lets the claims made in the same turn of the event loop — and those made while the previous
 * batch was being written — share one durable commit (group commit).
 *
 * Each claim is fsynced before its request leaves (so a power cut cannot make the app forget a
 * send and repeat it). An fsync costs milliseconds, far more than the rest of a claim; when
 * several sends start together — the engine filling its free slots — one transaction, one fsync,
 * claims them all. While one batch is being written, claims that arrive wait for it to finish
 * (they could not use the database before that anyway) and then go together in the next one.
 * Every target is still claimed right before its own send and answered only once its claim is
 * on disk, so a crash leaves no more targets `needs_check` than there were sends in flight.
 */
export class ClaimBatcher {
  #waiting: Waiting[] = [];
  #scheduled = false;
  #writing = false;

  constructor(private readonly claimMany: (requests: readonly ClaimRequest[]) => Promise<ClaimResult[]>) {}

  claim(request: ClaimRequest): Promise<ClaimResult> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ request, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#writing || this.#waiting.length === 0) return;
    this.#scheduled = true;
    // setImmediate, not a microtask: claims whose tokens are read in this turn join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    this.#writing = true;
    try {
      const results = await this.claimMany(batch.map((waiting) => waiting.request));
      batch.forEach((waiting, index) => waiting.resolve(results[index]!));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.#writing = false;
      this.#schedule();
    }
  }
}
