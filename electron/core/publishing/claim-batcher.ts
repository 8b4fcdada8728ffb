import type { ClaimRequest, ClaimResult } from './outbox-store';

interface Waiting {
  request: ClaimRequest;
  resolve(result: ClaimResult): void;
  reject(error: unknown): void;
}

/**
 * Lets the claims made in the same turn of the event loop share one durable commit.
 *
 * Each claim is fsynced before its request leaves (so a power cut cannot make the app forget a
 * send and repeat it). An fsync costs milliseconds, far more than the rest of a claim; when
 * several sends start together — the engine filling its free slots — one transaction, one fsync,
 * claims them all. Every target is still claimed right before its own send, so a crash leaves
 * no more targets `needs_check` than there were sends in flight.
 */
export class ClaimBatcher {
  #waiting: Waiting[] = [];

  constructor(private readonly claimMany: (requests: readonly ClaimRequest[]) => Promise<ClaimResult[]>) {}

  claim(request: ClaimRequest): Promise<ClaimResult> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ request, resolve, reject });
      // setImmediate, not a microtask: claims whose tokens are read in this turn join the batch.
      if (this.#waiting.length === 1) setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    try {
      const results = await this.claimMany(batch.map((waiting) => waiting.request));
      batch.forEach((waiting, index) => waiting.resolve(results[index]!));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
