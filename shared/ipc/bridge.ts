import type { ChannelName, RequestOf, ResponseOf } from './contract';
import type { IpcResult } from './errors';

/**
 * What the preload (or the browser host's bridge script) puts on `window.agencyiq`.
 * Only the contract's channels exist; there is no raw ipcRenderer.
 */
export interface AgencyIqBridge {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /** Subscribes to a main → renderer event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export const BRIDGE_GLOBAL = 'agencyiq';
