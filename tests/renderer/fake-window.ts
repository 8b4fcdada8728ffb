import { BRIDGE_GLOBAL, type AgencyIqBridge } from '@shared/ipc/bridge';
import type { IpcResult } from '@shared/ipc/errors';

/** An in-memory `window.localStorage`, as the draft journal uses it. */
class MemoryStorage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
}

export type Answer = (channel: string, request: unknown) => Promise<IpcResult<unknown>>;

/**
 * Gives renderer modules the two things they reach through `window` under Node: the bridge
 * (answered by `answer`, every call recorded) and localStorage. Returns the recorded calls.
 */
export function installFakeWindow(answer: Answer): { calls: Array<{ channel: string; request: unknown }>; storage: MemoryStorage } {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const storage = new MemoryStorage();
  const bridge: AgencyIqBridge = {
    invoke: ((channel: string, request: unknown) => {
      calls.push({ channel, request });
      return answer(channel, request);
    }) as AgencyIqBridge['invoke'],
    on: () => () => {},
  };
  Object.assign(globalThis, { window: { [BRIDGE_GLOBAL]: bridge, localStorage: storage } });
  return { calls, storage };
}
