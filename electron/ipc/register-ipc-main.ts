import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { IpcResult } from '@shared/ipc/errors';
import type { Logger } from '../core/ports/logger';
import type { Dispatch } from './dispatcher';
import { isTrustedSenderUrl } from './trusted-sender';

/**
 * The one ipcMain channel every contract call travels on, as `{ channel, payload }`. A single
 * entry point means a single sender check; the contract channel name is checked by the
 * dispatcher. The preload imports this name so the two sides cannot drift.
 */
export const IPC_INVOKE_CHANNEL = 'agencyiq:invoke';

/** The Electron channel a contract event (main → renderer) is sent on. */
export function ipcEventChannel(event: string): string {
  return `agencyiq:event:${event}`;
}

/** What the preload sends on `IPC_INVOKE_CHANNEL`. */
export interface InvokeMessage {
  channel: unknown;
  payload: unknown;
}

const FORBIDDEN: IpcResult<never> = {
  ok: false,
  error: { code: 'forbidden_sender', message: 'This window is not allowed to talk to AgencyIQ.' },
};
const MALFORMED: IpcResult<never> = {
  ok: false,
  error: { code: 'invalid_request', message: 'The request was not valid.' },
};
const INTERNAL: IpcResult<never> = {
  ok: false,
  error: { code: 'internal', message: 'Something went wrong inside the app.' },
};

function isInvokeMessage(message: unknown): message is InvokeMessage {
  return typeof message === 'object' && message !== null && !Array.isArray(message) && 'channel' in message;
}

/** The sender frame's URL, or undefined when the frame is gone (navigated away or destroyed). */
function senderUrl(event: IpcMainInvokeEvent): string | undefined {
  try {
    return event.senderFrame?.url;
  } catch {
    // Reading a destroyed frame throws in some Electron versions; an unknown sender is untrusted.
    return undefined;
  }
}

/**
 * Serves the IPC contract on Electron's `ipcMain`: every call's sender frame must be one of
 * `allowedOrigins` (compared as parsed origins), then it goes to the shared dispatcher, which
 * validates channel and payload. The handler always resolves with an `IpcResult`, so nothing a
 * renderer sends can surface as an exception in the main process or a rejected promise over there.
 * Returns a function that removes the handler.
 */
export function registerIpcMain(options: {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatch: Dispatch;
  allowedOrigins: readonly string[];
  logger: Logger;
}): () => void {
  const { ipcMain, dispatch, allowedOrigins, logger } = options;

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, message: unknown): Promise<IpcResult<unknown>> => {
    try {
      const url = senderUrl(event);
      if (!isTrustedSenderUrl(url, allowedOrigins)) {
        logger.warn('IPC call from an untrusted frame refused', {
          sender: typeof url === 'string' ? url.slice(0, 200) : 'none',
        });
        return FORBIDDEN;
      }
      if (!isInvokeMessage(message)) return MALFORMED;
      return await dispatch(message.channel, message.payload);
    } catch (error) {
      // The dispatcher never throws by contract; this is the backstop if that ever changes.
      logger.error('IPC handler failed', { error: error instanceof Error ? error.message : String(error) });
      return INTERNAL;
    }
  });

  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}
