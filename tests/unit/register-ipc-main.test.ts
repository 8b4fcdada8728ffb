import { describe, expect, it, vi } from 'vitest';
import type { Dispatch } from '../../electron/ipc/dispatcher';
import { IPC_INVOKE_CHANNEL, registerIpcMain } from '../../electron/ipc/register-ipc-main';
import type { Logger } from '../../electron/core/ports/logger';

const APP_ORIGIN = 'app://agencyiq';

// Electron's types come through registerIpcMain's signature: tests do not import 'electron'.
type IpcMainLike = Parameters<typeof registerIpcMain>[0]['ipcMain'];
type Listener = Parameters<IpcMainLike['handle']>[1];
type InvokeEvent = Parameters<Listener>[0];

/** Stands in for Electron's ipcMain: records handlers so the test can invoke them like a renderer. */
class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Calls the handler as Electron would, from a frame at `url` (null: the frame is gone). */
  async invoke(url: string | null | (() => never), message: unknown): Promise<unknown> {
    const listener = this.handlers.get(IPC_INVOKE_CHANNEL);
    if (listener === undefined) throw new Error('No handler registered');
    const senderFrame =
      typeof url === 'function' ? Object.defineProperty({}, 'url', { get: url }) : url === null ? null : { url };
    return listener({ senderFrame } as unknown as InvokeEvent, message);
  }
}

function recordingLogger(): Logger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    debug: () => {},
    info: () => {},
    warn: (message) => warnings.push(message),
    error: (message) => errors.push(message),
  };
}

function setUp(dispatch: Dispatch) {
  const ipcMain = new FakeIpcMain();
  const logger = recordingLogger();
  const spy = vi.fn(dispatch);
  const unregister = registerIpcMain({ ipcMain, dispatch: spy, allowedOrigins: [APP_ORIGIN], logger });
  return { ipcMain, logger, dispatch: spy, unregister };
}

const answer: Dispatch = async (channel, payload) => ({ ok: true, value: { channel, payload } });

describe('registerIpcMain', () => {
  it('registers exactly one handler, on the invoke channel', () => {
    const { ipcMain } = setUp(answer);
    expect([...ipcMain.handlers.keys()]).toEqual([IPC_INVOKE_CHANNEL]);
  });

  it('passes a trusted call to the dispatcher and returns its result', async () => {
    const { ipcMain, dispatch } = setUp(answer);
    const result = await ipcMain.invoke('app://agencyiq/index.html', { channel: 'app.info', payload: {} });
    expect(result).toEqual({ ok: true, value: { channel: 'app.info', payload: {} } });
    expect(dispatch).toHaveBeenCalledWith('app.info', {});
  });

  it('returns the dispatcher error results unchanged', async () => {
    const { ipcMain } = setUp(async () => ({ ok: false, error: { code: 'not_found', message: 'No such draft.' } }));
    expect(await ipcMain.invoke('app://agencyiq/', { channel: 'drafts.get', payload: { id: 'x' } })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such draft.' },
    });
  });

  it.each([
    ['a remote page', 'https://evil.example/'],
    ['a look-alike host', 'app://agencyiq.evil/'],
    ['credentials in the URL', 'app://user@agencyiq/'],
    ['a file URL', 'file:///opt/AgencyIQ/resources/app.asar/out/renderer/index.html'],
    ['the dev server', 'http://127.0.0.1:5173/'],
    ['another custom scheme', 'agencyiq://compose'],
    ['an empty URL', ''],
    ['about:blank', 'about:blank'],
    ['a destroyed frame', null],
    ['a frame that throws when read', () => {
      throw new Error('Render frame was disposed');
    }],
  ] as const)('refuses %s with forbidden_sender and never dispatches', async (_name, url) => {
    const { ipcMain, dispatch, logger } = setUp(answer);
    const result = await ipcMain.invoke(url, { channel: 'drafts.delete', payload: { id: 'x' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(dispatch).not.toHaveBeenCalled();
    expect(logger.warnings).toHaveLength(1);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'app.info'],
    ['an array', ['app.info', {}]],
    ['an object without channel', { payload: {} }],
  ])('answers a malformed message (%s) with invalid_request', async (_name, message) => {
    const { ipcMain, dispatch } = setUp(answer);
    expect(await ipcMain.invoke('app://agencyiq/', message)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('still answers with an IpcResult when the dispatcher throws', async () => {
    const { ipcMain, logger } = setUp(async () => {
      throw new Error('database is locked');
    });
    const result = await ipcMain.invoke('app://agencyiq/', { channel: 'app.info', payload: {} });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toContain('database is locked');
    expect(logger.errors).toHaveLength(1);
  });

  it('still answers when the dispatcher throws synchronously or throws a non-Error', async () => {
    const { ipcMain } = setUp((() => {
      throw 'boom';
    }) as Dispatch);
    expect(await ipcMain.invoke('app://agencyiq/', { channel: 'app.info', payload: {} })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('removes its handler when unregistered', () => {
    const { ipcMain, unregister } = setUp(answer);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
