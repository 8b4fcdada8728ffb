import { z } from 'zod';
import type { IpcResult } from './errors';

/** What the bridge sends over the WebSocket for one invoke. */
export const wireRequestSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  channel: z.unknown(),
  payload: z.unknown(),
});

/** The host's answer to one request, or a pushed event. */
export type WireMessage =
  | { id: number | null; result: IpcResult<unknown> }
  | { event: string; payload: unknown };
