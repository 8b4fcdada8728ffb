import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../electron/core/errors';
import type { AppHandlers } from '../../electron/core/handler-types';
import { openCore, type Core } from '../../electron/core/open-core';
import type { Logger } from '../../electron/core/ports/logger';
import { createDispatcher, type Dispatch } from '../../electron/ipc/dispatcher';
import { invokeChannels } from '@shared/ipc/contract';
import { IPC_ERROR_CODES, type IpcResult } from '@shared/ipc/errors';
import { backgroundWorkerFile } from '../support/background-worker-file';
import { OFFLINE_SERVICES_ENV } from '../support/core-fixture';
import { recordingShell, testSecretStore } from '../support/test-ports';

// Every request from the renderer goes through the dispatcher. Whatever arrives, it answers
// with a value or a typed error {code, message}; it never throws and never leaks internals.

interface LogLine {
  level: string;
  message: string;
  details?: Record<string, unknown>;
}

function recordingLogger(lines: LogLine[]): Logger {
  const at =
    (level: string) =>
    (message: string, details?: Record<string, unknown>): void => {
      lines.push({ level, message, details });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function expectError(result: IpcResult<unknown>, code: string): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected an error');
  expect(result.error.code).toBe(code);
  expect(IPC_ERROR_CODES).toContain(result.error.code);
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message.length).toBeGreaterThan(0);
  return result.error.message;
}

let dir: string;
let core: Core;
let dispatch: Dispatch;
const logLines: LogLine[] = [];
const NOW = Date.UTC(2026, 2, 1);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-dispatch-'));
  core = await openCore({
    dataDir: dir,
    logger: recordingLogger(logLines),
    host: 'browser',
    version: '9.9.9-test',
    clock: { now: () => NOW },
    secretStore: testSecretStore(),
    shell: recordingShell(),
    env: OFFLINE_SERVICES_ENV,
    allowDevOverrides: true,
    backgroundWorkerFile: backgroundWorkerFile(),
    logsFolder: path.join(dir, 'logs'),
    saveDialog: { chooseSavePath: async () => null },
  });
  dispatch = createDispatcher(core.handlers, recordingLogger(logLines));
});

afterAll(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('dispatcher with the real core', () => {
  it('serves every channel of the contract', () => {
    expect(Object.keys(core.handlers).sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it('answers a valid request with a value', async () => {
    expect(await dispatch('app.info', {})).toEqual({
      ok: true,
      value: { version: '9.9.9-test', schemaVersion: core.schemaVersion, host: 'browser', sandbox: false },
    });
    const id = randomUUID();
    expect(await dispatch('drafts.save', { id, body: 'Hello', targets: [] })).toEqual({
      ok: true,
      value: { id, revision: 1, updatedAt: NOW },
    });
  });

  it('applies request defaults before calling the handler', async () => {
    const id = randomUUID();
    expect((await dispatch('drafts.save', { id, body: 'Defaults apply', targets: [] })).ok).toBe(true);
    const result = await dispatch('drafts.list', {});
    expect(result).toMatchObject({ ok: true, value: { hasMore: false } });
    expect(result.ok && (result.value as { items: { id: string }[] }).items.map((item) => item.id)).toContain(id);
  });

  it.each([
    ['an unknown name', 'drafts.nuke'],
    ['a near miss', 'drafts.List'],
    ['an empty name', ''],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['a very long name', 'x'.repeat(100_000)],
  ])('answers unknown_channel for %s', async (_name, channel) => {
    expectError(await dispatch(channel, {}), 'unknown_channel');
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an object', { channel: 'app.info' }],
    ['an array', ['app.info']],
    ['a boxed string', Object('app.info') as unknown],
    ['a symbol', Symbol('app.info')],
  ])('answers unknown_channel for a channel that is %s', async (_name, channel) => {
    expectError(await dispatch(channel, {}), 'unknown_channel');
  });

  it('answers invalid_request with a message that says which field is wrong', async () => {
    const message = expectError(await dispatch('drafts.save', { id: 'not-a-uuid', body: 'x', targets: [] }), 'invalid_request');
    expect(message).toMatch(/^The request was not valid \(.+\)\.$/);
    expect(message).toContain('id');

    const missing = expectError(await dispatch('drafts.save', { id: randomUUID(), targets: [] }), 'invalid_request');
    expect(missing).toContain('body');

    const nested = expectError(
      await dispatch('drafts.save', { id: randomUUID(), body: '', targets: [{ platform: 'myspace', text: null, title: null }] }),
      'invalid_request',
    );
    expect(nested).toContain('targets.0.platform');

    const zone = expectError(
      await dispatch('profile.save', {
        businessName: 'B',
        offering: '',
        audience: '',
        toneOfVoice: '',
        website: '',
        timeZone: 'Mars/Olympus_Mons',
      }),
      'invalid_request',
    );
    expect(zone).toContain('timeZone');
    expect(zone).toContain('Unknown time zone');
  });

  it('does not echo a huge invalid value back in the message', async () => {
    const huge = 'A'.repeat(200_000);
    const message = expectError(await dispatch('drafts.save', { id: randomUUID(), body: huge, targets: [] }), 'invalid_request');
    expect(message.length).toBeLessThan(1_000);
  });

  it('keeps the message readable when a request has thousands of unknown fields', async () => {
    const payload = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`field_${i}`, i]));
    const message = expectError(await dispatch('app.info', payload), 'invalid_request');
    expect(message.length).toBeLessThan(1_000);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 7],
    ['a string', '{}'],
    ['an array', []],
    ['an extra field', { extra: true }],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}') as unknown],
    ['a constructor key', JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown],
  ])('refuses %s as the payload of app.info', async (_name, payload) => {
    expectError(await dispatch('app.info', payload), 'invalid_request');
  });

  it('is not polluted by a __proto__ payload', async () => {
    const payload = JSON.parse(
      `{"id": "${randomUUID()}", "body": "x", "targets": [], "__proto__": {"polluted": true}}`,
    ) as unknown;
    expectError(await dispatch('drafts.save', payload), 'invalid_request');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Requests still parse: a polluted prototype would break strict object schemas everywhere.
    expect((await dispatch('profile.get', {})).ok).toBe(true);
  });

  it('changes nothing when it refuses a request', async () => {
    const id = randomUUID();
    expect((await dispatch('drafts.save', { id, body: 'Original', targets: [] })).ok).toBe(true);
    expectError(await dispatch('drafts.save', { id, body: 'Changed', targets: [], sneaky: 1 }), 'invalid_request');
    expectError(await dispatch('drafts.delete', { id, extra: 1 }), 'invalid_request');
    const stored = await dispatch('drafts.get', { id });
    expect(stored).toMatchObject({ ok: true, value: { body: 'Original', revision: 1 } });
  });

  it("passes a core error's code and message through", async () => {
    const message = expectError(await dispatch('drafts.get', { id: randomUUID() }), 'not_found');
    expect(message).toBe('That draft no longer exists.');
    const id = randomUUID();
    await dispatch('drafts.save', { id, body: 'x', targets: [] });
    expect((await dispatch('drafts.delete', { id })).ok).toBe(true);
    expectError(await dispatch('drafts.delete', { id }), 'not_found');
    expectError(await dispatch('drafts.save', { id, body: 'y', targets: [] }), 'conflict');
  });
});

describe('dispatcher with hand-built handlers', () => {
  function handlersWith(overrides: Partial<AppHandlers>): AppHandlers {
    return { ...core.handlers, ...overrides } as AppHandlers;
  }

  it('reports a thrown CoreError with its own code and message', async () => {
    const local = createDispatcher(
      handlersWith({
        'profile.get': () => Promise.reject(new CoreError('unavailable', 'The vault is locked.')),
      }),
      recordingLogger([]),
    );
    expect(await local('profile.get', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'The vault is locked.' },
    });
  });

  it('reports any other thrown error as internal with a generic message, and logs it', async () => {
    const lines: LogLine[] = [];
    const secret = 'SQLITE_CORRUPT at /home/owner/.config/agencyiq/agencyiq.db token=abc123';
    const local = createDispatcher(
      handlersWith({
        'profile.get': () => {
          throw new Error(secret);
        },
        'app.info': () => Promise.reject(new TypeError(secret)),
        'drafts.get': () => Promise.reject('a thrown string'),
      }),
      recordingLogger(lines),
    );
    for (const channel of ['profile.get', 'app.info']) {
      const message = expectError(await local(channel, {}), 'internal');
      expect(message).not.toContain('SQLITE');
      expect(message).not.toContain('/home/owner');
      expect(message).not.toContain('abc123');
    }
    expectError(await local('drafts.get', { id: randomUUID() }), 'internal');
    expect(lines.filter((line) => line.level === 'error')).toHaveLength(3);
  });

  it('reports internal when a handler answers outside its response schema', async () => {
    const lines: LogLine[] = [];
    const local = createDispatcher(
      handlersWith({
        'app.info': async () => ({ version: '1', schemaVersion: 1, host: 'browser', sandbox: false, token: 'leak' }) as never,
        'profile.get': async () => ({ businessName: 42 }) as never,
        'drafts.list': async () => undefined as never,
      }),
      recordingLogger(lines),
    );
    const leaked = await local('app.info', {});
    expectError(leaked, 'internal');
    expect(JSON.stringify(leaked)).not.toContain('leak');
    expectError(await local('profile.get', {}), 'internal');
    expectError(await local('drafts.list', {}), 'internal');
    expect(lines.some((line) => line.level === 'error')).toBe(true);
  });

  it('does not call the handler for an invalid request', async () => {
    let calls = 0;
    const local = createDispatcher(
      handlersWith({
        'drafts.delete': async ({ id }) => {
          calls++;
          return { id, deletedAt: 1 };
        },
      }),
      recordingLogger([]),
    );
    expectError(await local('drafts.delete', { id: 'nope' }), 'invalid_request');
    expectError(await local('drafts.delete', null), 'invalid_request');
    expect(calls).toBe(0);
    const id = randomUUID();
    expect(await local('drafts.delete', { id })).toEqual({ ok: true, value: { id, deletedAt: 1 } });
    expect(calls).toBe(1);
  });
});
