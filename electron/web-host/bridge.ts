// Runs in the page served by the browser host, before the app. It gives the renderer the same
// `window.agencyiq` the Electron preload gives it, carried over a WebSocket instead of ipcMain.
import { BRIDGE_GLOBAL, type AgencyIqBridge } from '@shared/ipc/bridge';
import type { IpcResult } from '@shared/ipc/errors';
import type { WireMessage } from '@shared/ipc/wire';

type Pending = (result: IpcResult<unknown>) => void;

const LOST: IpcResult<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'Lost contact with AgencyIQ. It will reconnect by itself; your work is kept.' },
};

let socket: WebSocket | null = null;
let nextId = 1;
let retryMs = 250;
const pending = new Map<number, Pending>();
const outbox: string[] = [];
const listeners = new Map<string, Set<(payload: unknown) => void>>();

function connect(): void {
  const ws = new WebSocket(`ws://${location.host}/ipc`);
  socket = ws;
  ws.onopen = () => {
    retryMs = 250;
    for (const message of outbox.splice(0)) ws.send(message);
  };
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as WireMessage;
    if ('event' in message) {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    } else if (message.id !== null) {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    }
  };
  ws.onclose = () => {
    // Whatever was in flight has an unknown fate: tell the callers, who keep their data and retry.
    for (const resolve of pending.values()) resolve(LOST);
    pending.clear();
    outbox.length = 0;
    socket = null;
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 5_000);
  };
}

const bridge: AgencyIqBridge = {
  invoke(channel, request) {
    const id = nextId++;
    const message = JSON.stringify({ id, channel, payload: request });
    return new Promise((resolve) => {
      pending.set(id, resolve as Pending);
      if (socket?.readyState === WebSocket.OPEN) socket.send(message);
      else outbox.push(message);
    });
  },
  on(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
};

Object.defineProperty(window, BRIDGE_GLOBAL, { value: Object.freeze(bridge), writable: false });
connect();
