import type { IpcErrorCode } from '@shared/ipc/errors';

/**
 * An expected failure of a core operation, with a message fit to show the owner.
 * Anything else thrown inside a handler is reported as `internal` and logged.
 */
export class CoreError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
