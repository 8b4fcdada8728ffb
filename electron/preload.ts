// The preload: the only code with access to ipcRenderer, and it keeps it. The page gets
// `window.agencyiq`, which can do exactly what the IPC contract lists and nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, type AgencyIqBridge } from '@shared/ipc/bridge';
import type { IpcResult } from '@shared/ipc/errors';
import { IPC_INVOKE_CHANNEL, ipcEventChannel } from './ipc/register-ipc-main';

function failure(code: 'unknown_channel' | 'unavailable', message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

const bridge: AgencyIqBridge = {
  async invoke(channel, request) {
    // The channel name and payload are checked in the main process against the contract; the
    // preload stays free of schemas so the sandboxed page loads it fast.
    if (typeof channel !== 'string') return failure('unknown_channel', 'That action does not exist.');
    try {
      return await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { channel, payload: request });
    } catch {
      // The main process answers every call with an IpcResult; a rejection means the call never
      // got there (payload not cloneable, app shutting down).
      return failure('unavailable', 'AgencyIQ could not handle that request just now.');
    }
  },

  on(event, listener) {
    // Only the main process sends on these channels, and it sends only the contract's events.
    if (typeof event !== 'string' || event.length > 100 || typeof listener !== 'function') {
      return () => {};
    }
    const channel = ipcEventChannel(event);
    // Only the payload crosses over: the IpcRendererEvent would hand the page `sender` (ipcRenderer).
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
