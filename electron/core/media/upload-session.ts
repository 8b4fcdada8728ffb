import { CoreError } from '../errors';

/**
 * Bytes arriving over IPC in chunks, handed to the library's streaming copy as an async
 * iterable. `push` resolves once the copy took the chunk, so at most two chunks per upload are
 * in memory (one being written, one waiting); when the copy stops early (a refused type after the first chunk) every later push
 * rejects with its reason.
 */
export class ChunkQueue implements AsyncIterable<Uint8Array> {
  private pending: { chunk: Uint8Array; taken: () => void } | null = null;
  private wake: (() => void) | null = null;
  private ended = false;
  private failure: Error | null = null;

  async push(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.ended || this.pending) throw new CoreError('conflict', 'This upload is not taking more bytes now.');
    await new Promise<void>((resolve, reject) => {
      this.pending = { chunk, taken: resolve };
      this.onFail = reject;
      this.wake?.();
    });
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Stops the upload: the copy ends with `error` and a waiting push rejects with it. */
  fail(error: Error): void {
    this.failure = error;
    this.onFail?.(error);
    this.wake?.();
  }

  private onFail: ((error: Error) => void) | null = null;

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    try {
      for (;;) {
        if (this.failure) throw this.failure;
        if (this.pending) {
          const { chunk, taken } = this.pending;
          this.pending = null;
          this.onFail = null;
          taken(); // the copy holds this one now; the next may be pushed while it is written
          yield chunk;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    } finally {
      // The copy stopped reading (finished or refused): nothing more will be taken.
      if (!this.ended && !this.failure) this.fail(new CoreError('conflict', 'This upload stopped.'));
    }
  }
}
