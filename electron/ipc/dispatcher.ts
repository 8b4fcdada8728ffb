import type { z } from 'zod';
import { invokeChannels, isChannelName, type ChannelName } from '@shared/ipc/contract';
import type { IpcResult } from '@shared/ipc/errors';
import { CoreError } from '../core/errors';
import type { AppHandlers, Handler } from '../core/handler-types';
import type { Logger } from '../core/ports/logger';

/** Serves one request from any transport; always resolves, never throws. */
export type Dispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

function describeIssues(error: z.ZodError): string {
  const first = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'request';
    const text = `${where}: ${issue.message}`;
    // An issue can list every unknown key of a hostile payload; keep the message readable.
    return text.length > 200 ? `${text.slice(0, 199)}…` : text;
  });
  return `The request was not valid (${first.join('; ')}).`;
}

/**
 * Builds the transport-agnostic dispatcher: looks the channel up in the contract, parses the
 * payload with the channel's request schema, runs the handler and checks its answer against the
 * response schema. Both Electron's ipcMain and the browser host's WebSocket use this one.
 */
export function createDispatcher(handlers: AppHandlers, logger: Logger): Dispatch {
  return async (channel, payload) => {
    if (!isChannelName(channel)) {
      logger.warn('IPC call on an unknown channel dropped', {
        channel: typeof channel === 'string' ? channel.slice(0, 80) : typeof channel,
      });
      return { ok: false, error: { code: 'unknown_channel', message: 'That action does not exist.' } };
    }
    const spec = invokeChannels[channel];
    const parsed = spec.request.safeParse(payload);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_request', message: describeIssues(parsed.error) } };
    }
    try {
      const handler = handlers[channel] as Handler<ChannelName>;
      const value = await handler(parsed.data as never);
      const checked = spec.response.safeParse(value);
      if (!checked.success) {
        logger.error('Handler answered outside its contract', { channel, issues: checked.error.issues.length });
        return { ok: false, error: { code: 'internal', message: 'Something went wrong inside the app.' } };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof CoreError) return { ok: false, error: { code: error.code, message: error.message } };
      logger.error('Handler failed', { channel, error: error instanceof Error ? error.message : String(error) });
      return { ok: false, error: { code: 'internal', message: 'Something went wrong inside the app.' } };
    }
  };
}
