import { z } from 'zod';

/** Every way an IPC call can fail, as the renderer sees it. */
export const IPC_ERROR_CODES = [
  'invalid_request',
  'unknown_channel',
  'forbidden_sender',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
] as const;

export const ipcErrorSchema = z.object({
  code: z.enum(IPC_ERROR_CODES),
  message: z.string(),
});
export type IpcErrorBody = z.infer<typeof ipcErrorSchema>;
export type IpcErrorCode = IpcErrorBody['code'];

/** What crosses the wire for every invoke: a value or a typed error, never a thrown exception. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcErrorBody };

/** Thrown on the renderer side when a call comes back with an error. */
export class IpcError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}
