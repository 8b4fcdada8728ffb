import type { EventName, EventPayloadOf } from '@shared/ipc/contract';
import type { Logger } from '../ports/logger';

/** One pushed event, as the transports carry it. */
export interface AppEvent {
  event: EventName;
  payload: unknown;
}

/** What the core's domains use to tell every open window that something changed. */
export interface EventSink {
  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void;
}

/**
 * Fans core events out to the transports (Electron windows, browser-host sockets). A listener
 * that throws is logged and skipped so one broken window cannot silence the others.
 */
export class EventHub implements EventSink {
  readonly #listeners = new Set<(event: AppEvent) => void>();

  constructor(private readonly logger: Logger) {}

  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void {
    for (const listener of this.#listeners) {
      try {
        listener({ event, payload });
      } catch (error) {
        this.logger.warn('An event listener failed', { event, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
