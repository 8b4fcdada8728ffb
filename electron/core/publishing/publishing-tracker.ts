import type { PublishingActivity } from '../ports/publishing-activity';

/**
 * The core's one record of publishes in flight. The publishing engine (a later issue) wraps each
 * publish in `begin()`/`end()`; until then nothing calls `begin`, so the app truthfully reports
 * that nothing is publishing. Counts overlapping publishes, so "idle" means all of them ended.
 */
export class PublishingTracker implements PublishingActivity {
  #active = 0;
  readonly #listeners = new Set<(publishing: boolean) => void>();

  isPublishing(): boolean {
    return this.#active > 0;
  }

  /** Marks one publish as started; call the returned function exactly once when it ends. */
  begin(): () => void {
    this.#active += 1;
    if (this.#active === 1) this.#notify(true);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#active -= 1;
      if (this.#active === 0) this.#notify(false);
    };
  }

  onChange(listener: (publishing: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(publishing: boolean): void {
    for (const listener of [...this.#listeners]) listener(publishing);
  }
}
