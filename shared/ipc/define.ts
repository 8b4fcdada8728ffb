import type { z } from 'zod';

/** A request/response channel: the renderer asks, the main process answers. */
export interface InvokeChannel<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly kind: 'invoke';
  readonly request: Req;
  readonly response: Res;
}

/** A push channel: the main process tells the renderer something happened. */
export interface EventChannel<Payload extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: Payload;
}

/** Declares an invoke channel; both schemas are enforced at the main-process boundary. */
export function invoke<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
): InvokeChannel<Req, Res> {
  return { kind: 'invoke', request, response };
}

/** Declares an event channel. */
export function event<Payload extends z.ZodType>(payload: Payload): EventChannel<Payload> {
  return { kind: 'event', payload };
}
