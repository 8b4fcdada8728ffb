import WebSocket from 'ws';
import { takeKeyFromHash, webHostProtocols } from '@shared/ipc/web-host-key';
import type { ChannelName, RequestOf, ResponseOf } from '@shared/ipc/contract';
import type { IpcResult } from '@shared/ipc/errors';

/**
 * A small Node client for the browser host's IPC WebSocket, speaking the same wire format as
 * the page's bridge (shared/ipc/wire.ts): `{id, channel, payload}` → `{id, result}`.
 *
 * Like the bridge, `invoke` never rejects: when the socket closes (the host stopped or was
 * killed) every call in flight, and every later call, resolves with an `unavailable` error.
 */
export interface IpcSocketClient {
  /** Calls a channel of the contract and resolves with its typed result. */
  invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /** Sends any channel and payload (for malformed-request tests), still in a valid envelope. */
  invoke(channel: unknown, payload: unknown): Promise<IpcResult<unknown>>;
  /**
   * Sends `data` as one frame, exactly as given (a string as a text frame, a Buffer as a binary
   * frame), and resolves with the next message not claimed by an `invoke` (parsed as JSON when
   * it is JSON). Rejects if the socket closes first.
   */
  sendRaw(data: string | Buffer): Promise<unknown>;
  /** Resolves once the socket is closed, with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** True while the socket is open. */
  isOpen(): boolean;
  /** Closes the socket; resolves when it is closed. */
  close(): Promise<void>;
}

/** The host refused the WebSocket upgrade (e.g. 403 for a foreign Origin). */
export class IpcConnectError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'IpcConnectError';
  }
}

export interface ConnectOptions {
  /** The Origin header to send; defaults to the host's own origin. */
  origin?: string;
  /** How long to wait for the connection; default 10 s. */
  timeoutMs?: number;
  /** Extra headers for the upgrade request (e.g. a different Host). */
  headers?: Record<string, string>;
  /** The launch key to offer; default: the one in the printed address's fragment. Null offers none. */
  key?: string | null;
}

const LOST: IpcResult<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'The connection to the host closed before it answered.' },
};

/** `http://127.0.0.1:PORT/#k=…` (what the host prints) or a ws:// URL → the socket URL, origin and key. */
function socketAddress(url: string): { socketUrl: string; origin: string; key: string | null } {
  const parsed = new URL(url);
  const key = takeKeyFromHash(parsed.hash)?.key ?? null;
  parsed.hash = '';
  const httpProtocol = parsed.protocol === 'wss:' || parsed.protocol === 'https:' ? 'https:' : 'http:';
  const origin = `${httpProtocol}//${parsed.host}`;
  parsed.protocol = httpProtocol === 'https:' ? 'wss:' : 'ws:';
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/ipc';
  return { socketUrl: parsed.toString(), origin, key };
}

function decode(data: WebSocket.RawData): unknown {
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Opens the host's IPC socket. Rejects with IpcConnectError if the host refuses it. */
export async function connectIpc(url: string, options: ConnectOptions = {}): Promise<IpcSocketClient> {
  const { socketUrl, origin, key: printedKey } = socketAddress(url);
  const key = options.key === undefined ? printedKey : options.key;
  // Like the page's bridge: the key travels as a subprotocol, never in the URL.
  const ws = new WebSocket(socketUrl, key === null ? [] : webHostProtocols(key), {
    origin: options.origin ?? origin,
    headers: options.headers,
    maxPayload: 64 * 1024 * 1024,
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new IpcConnectError(null, `Timed out connecting to ${socketUrl}`));
    }, options.timeoutMs ?? 10_000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.once('unexpected-response', (request, response) => {
      clearTimeout(timer);
      request.destroy();
      reject(new IpcConnectError(response.statusCode ?? null, `The host refused the socket: HTTP ${response.statusCode}`));
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      // A raw "HTTP/1.1 403" written to the socket surfaces as a parse error with the status.
      const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
      reject(new IpcConnectError(status ? Number(status) : null, error.message));
    });
  });

  let nextId = 1;
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const rawWaiters: Array<{ resolve: (message: unknown) => void; reject: (error: Error) => void }> = [];
  const unclaimed: unknown[] = [];

  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => {
      for (const settle of pending.values()) settle(LOST);
      pending.clear();
      for (const waiter of rawWaiters.splice(0)) waiter.reject(new Error(`The socket closed (code ${code}) before a reply`));
      resolve({ code, reason: reason.toString() });
    });
  });
  // Errors after opening (e.g. the host dying) end in 'close'; keep them from being unhandled.
  ws.on('error', () => {});

  ws.on('message', (data) => {
    const message = decode(data);
    // A pushed event (`{event, payload}`, e.g. a backup's progress) is nobody's reply.
    if (typeof message === 'object' && message !== null && 'event' in message && !('id' in message)) return;
    if (typeof message === 'object' && message !== null && 'id' in message && 'result' in message) {
      const id = (message as { id: unknown }).id;
      const settle = typeof id === 'number' ? pending.get(id) : undefined;
      if (settle && typeof id === 'number') {
        pending.delete(id);
        settle((message as { result: IpcResult<unknown> }).result);
        return;
      }
    }
    const waiter = rawWaiters.shift();
    if (waiter) waiter.resolve(message);
    else unclaimed.push(message);
  });

  const isOpen = () => ws.readyState === WebSocket.OPEN;

  function invoke(channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
    if (!isOpen()) return Promise.resolve(LOST);
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, payload }), (error) => {
        if (error && pending.delete(id)) resolve(LOST);
      });
    });
  }

  return {
    invoke: invoke as IpcSocketClient['invoke'],
    sendRaw(data) {
      if (!isOpen()) return Promise.reject(new Error('The socket is not open'));
      return new Promise((resolve, reject) => {
        ws.send(data, { binary: typeof data !== 'string' });
        if (unclaimed.length > 0) resolve(unclaimed.shift());
        else rawWaiters.push({ resolve, reject });
      });
    },
    closed,
    isOpen,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      const timer = setTimeout(() => ws.terminate(), 2_000);
      await closed;
      clearTimeout(timer);
    },
  };
}
