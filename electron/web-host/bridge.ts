// Runs in the page served by the browser host, before the app. It gives the renderer the same
// `window.agencyiq` the Electron preload gives it, carried over a WebSocket instead of ipcMain.
import { BRIDGE_GLOBAL, type AgencyIqBridge } from '@shared/ipc/bridge';
import type { IpcResult } from '@shared/ipc/errors';
import type { WireMessage } from '@shared/ipc/wire';
import { takeKeyFromHash, webHostProtocols } from '@shared/ipc/web-host-key';

type Pending = (result: IpcResult<unknown>) => void;

const LOST: IpcResult<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'Lost contact with AgencyIQ. It will reconnect by itself; your work is kept.' },
};

/** No key, or the key of an earlier launch of the host: the host refuses this page. */
const NO_ACCESS: IpcResult<never> = {
  ok: false,
  error: {
    code: 'unavailable',
    message: 'This page cannot reach AgencyIQ. Open the address AgencyIQ printed when it started (it ends in #k=…).',
  },
};

// The host's per-launch key arrives in the fragment of the address it printed. It is kept for
// this tab only (so reloads keep working) and taken out of the address bar before the app reads
// the route, so it is not in the history, a bookmark or a copied link.
const KEY_STORAGE = 'agencyiq.hostKey';

let socket: WebSocket | null = null;
let nextId = 1;
let retryMs = 250;
let key: string | null = readStoredKey();
const pending = new Map<number, Pending>();
const outbox: string[] = [];
const listeners = new Map<string, Set<(payload: unknown) => void>>();

function readStoredKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

/** Takes `#k=<key>` out of the address; true when there was one. */
function takeKey(): boolean {
  const found = takeKeyFromHash(location.hash);
  if (found === null) return false;
  key = found.key;
  try {
    sessionStorage.setItem(KEY_STORAGE, found.key);
  } catch {
    // Storage switched off: the key still works until the tab reloads.
  }
  history.replaceState(history.state, '', `${location.pathname}${location.search}${found.rest}`);
  return true;
}

function connect(): void {
  if (key === null) return;
  const ws = new WebSocket(`ws://${location.host}/ipc`, webHostProtocols(key));
  let opened = false;
  socket = ws;
  ws.onopen = () => {
    opened = true;
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
    // A socket that never opened was most likely refused (a stale key): say what to do instead.
    for (const resolve of pending.values()) resolve(opened ? LOST : NO_ACCESS);
    pending.clear();
    outbox.length = 0;
    if (socket === ws) socket = null;
    setTimeout(() => {
      if (socket === null) connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 5_000);
  };
}

const bridge: AgencyIqBridge = {
  invoke(channel, request) {
    if (key === null) return Promise.resolve(NO_ACCESS);
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

takeKey();
// The printed address may be opened in a tab that already runs the app (after the host was
// restarted, with a new key). This listener is added before the app's, so the app only ever
// sees its route; the socket reconnects with the new key.
window.addEventListener('hashchange', () => {
  if (!takeKey()) return;
  if (socket === null) connect();
  else socket.close();
});

Object.defineProperty(window, BRIDGE_GLOBAL, { value: Object.freeze(bridge), writable: false });
connect();
