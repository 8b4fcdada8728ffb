import { BRIDGE_GLOBAL, type AgencyIqBridge } from '@shared/ipc/bridge';
import {
  eventChannels,
  type ChannelName,
  type EventName,
  type EventPayloadOf,
  type RequestOf,
  type ResponseOf,
} from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';

// A call that never answers (host stopped, socket half-open) must not leave a spinner forever.
const CALL_TIMEOUT_MS = 20_000;

const NOT_RESPONDING = 'AgencyIQ is not responding. Check that it is still running, then try again.';

function bridge(): AgencyIqBridge | undefined {
  return (window as unknown as Record<string, AgencyIqBridge | undefined>)[BRIDGE_GLOBAL];
}

/** True when this page was opened by the app (Electron preload or the browser host's bridge). */
export function hasBridge(): boolean {
  return bridge() !== undefined;
}

/**
 * Calls one channel of the contract; resolves with its value or throws an IpcError. `timeoutMs`
 * lengthens the wait for a call that legitimately runs long (an assistant answer streaming in).
 */
export async function call<C extends ChannelName>(
  channel: C,
  request: RequestOf<C>,
  options: { timeoutMs?: number } = {},
): Promise<ResponseOf<C>> {
  const target = bridge();
  if (!target) throw new IpcError('unavailable', NOT_RESPONDING);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IpcError('unavailable', NOT_RESPONDING)), options.timeoutMs ?? CALL_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([target.invoke(channel, request), timeout]);
    if (!result.ok) throw new IpcError(result.error.code, result.error.message);
    return result.value;
  } catch (error) {
    if (error instanceof IpcError) throw error;
    // The transport itself failed (closed socket, destroyed frame): say so in plain words.
    throw new IpcError('unavailable', NOT_RESPONDING);
  } finally {
    clearTimeout(timer);
  }
}

/** The message to show the owner for anything a call threw. */
export function errorMessage(error: unknown): string {
  return error instanceof IpcError ? error.message : 'Something went wrong. Please try again.';
}

/**
 * Listens to one main → renderer event. Payloads are checked against the contract's schema, so
 * a component only ever sees the documented shape. Returns the unsubscribe function.
 */
export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void {
  const target = bridge();
  if (!target) return () => {};
  const schema = (eventChannels as Record<string, { payload: { safeParse(value: unknown): { success: boolean; data?: unknown } } }>)[event];
  return target.on(event, (payload) => {
    const parsed = schema?.payload.safeParse(payload);
    if (parsed?.success) listener(parsed.data as EventPayloadOf<E>);
  });
}
