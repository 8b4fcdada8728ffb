import type { Logger } from './ports/logger';

/**
 * What every domain's opener returns (`openX(deps) → Domain`): its part of the IPC contract,
 * the background work it begins once every domain is open (`start`), and how it stops (`close`).
 * Opening does no background work, so a domain that was opened but never started closes cleanly.
 */
export interface Domain<Handlers extends object = object> {
  handlers: Handlers;
  start?(): void | Promise<void>;
  /** Stops taking new work at once, before any domain closes (`close` then waits for what runs). */
  stop?(): void;
  close(): void | Promise<void>;
}

/**
 * The domains opened on one database, in the order they were opened: `start` starts them in
 * that order, `close` closes them in reverse (a domain may use those opened before it until it
 * has stopped). The core opens every domain through `add`, so a failure while opening one closes
 * the ones before it (`closeAfterFailure`).
 */
export class OpenedDomains {
  readonly #domains: Domain[] = [];

  constructor(private readonly logger: Logger) {}

  add<D extends Domain>(domain: D): D {
    this.#domains.push(domain);
    return domain;
  }

  async start(): Promise<void> {
    for (const domain of this.#domains) await domain.start?.();
  }

  /** Closes every domain, the last opened first; one that fails to close does not keep the others open. */
  async close(): Promise<void> {
    const closing = this.#domains.splice(0).reverse();
    for (const domain of closing) domain.stop?.();
    for (const domain of closing) {
      try {
        await domain.close();
      } catch (error) {
        this.logger.error('A domain failed to close', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
