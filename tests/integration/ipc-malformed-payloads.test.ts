import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../electron/core/open-core';
import { invokeChannels, isChannelName, type ChannelName, type RequestOf } from '@shared/ipc/contract';
import { IPC_ERROR_CODES, type IpcResult } from '@shared/ipc/errors';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { connectIpc, IpcConnectError, type IpcSocketClient } from '../support/ipc-socket-client';

// "A malformed request never throws past the handler and never changes data." This drives the
// real browser host process over its WebSocket with hundreds of malformed messages generated
// from the IPC contract itself, then checks the host is still up and the database unchanged.

const HOST_ENTRY = path.resolve(import.meta.dirname, '../../out/web-host/main.cjs');

const SEEDED_DRAFT = '3b0e6c1e-8f0a-4c39-9d4e-1f2a3b4c5d6e';
const OTHER_DRAFT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/**
 * One valid request per channel: the base that mutations start from. Typed against the
 * contract, so adding a channel without a sample here fails the type check.
 */
const SAMPLES: { [C in ChannelName]: RequestOf<C> } = {
  'app.info': {},
  'app.rendererReady': {},
  'secrets.status': {},
  'secrets.acceptWeakStorage': {},
  'profile.get': {},
  'profile.save': {
    businessName: 'Paddington Sourdough',
    offering: 'Bread and pastries',
    audience: 'Locals',
    toneOfVoice: 'Warm',
    website: 'https://paddington-sourdough.example',
    timeZone: 'Australia/Brisbane',
    country: 'AU',
    region: 'QLD',
  },
  'profile.places': { country: 'AU' },
  'drafts.list': { query: 'bread', sort: 'updated_desc', limit: 50, offset: 0 },
  'drafts.get': { id: SEEDED_DRAFT },
  'drafts.save': {
    id: SEEDED_DRAFT,
    body: 'Fresh bread',
    targets: [
      { platform: 'x', text: null, title: null },
      { platform: 'youtube', text: 'Description', title: 'Title' },
    ],
  },
  'drafts.duplicate': { id: SEEDED_DRAFT },
  'drafts.delete': { id: SEEDED_DRAFT },
  'drafts.restore': { id: SEEDED_DRAFT },
  'preferences.get': {},
  'preferences.update': { notificationsEnabled: false },
  'media.list': { postId: SEEDED_DRAFT },
  'media.cover': { postId: SEEDED_DRAFT },
  'media.beginUpload': { postId: SEEDED_DRAFT, bytes: 10, name: 'cake.jpg' },
  'media.uploadChunk': { uploadId: OTHER_DRAFT, offset: 0, data: 'AAAA' },
  'media.finishUpload': { uploadId: OTHER_DRAFT },
  'media.cancelUpload': { uploadId: OTHER_DRAFT },
  'media.reorder': { postId: SEEDED_DRAFT, order: [] },
  'media.setAltText': { id: OTHER_DRAFT, altText: 'A cake' },
  'media.setPoster': { id: OTHER_DRAFT, data: 'AAAA' },
  'media.remove': { id: OTHER_DRAFT },
  'media.reattach': { postId: SEEDED_DRAFT, hash: 'a'.repeat(64), position: 0, altText: '' },
  'backups.list': {},
  'backups.create': {},
  'backups.restore': { id: 'agencyiq-20260301-093000.db' },
  'backups.recovery': {},
  'backups.dismissRecovery': {},
  'diagnostics.export': {},
  'diagnostics.openLogsFolder': {},
  'updates.status': {},
  'updates.check': {},
  'updates.download': {},
  'updates.restart': {},
  'connections.list': {},
  'connections.connect': { platform: 'x' },
  'connections.cancel': { platform: 'x' },
  'connections.disconnect': { platform: 'linkedin' },
  'connections.choosePage': { platform: 'facebook', pageId: '1234567890' },
  'licence.status': {},
  'licence.plans': {},
  'licence.sync': {},
  'licence.checkout': { plan: 'growth' },
  'licence.cancelCheckout': {},
  'licence.portal': {},
  'licence.activate': { licenceKey: 'AIQ-7K2M-9QXD-4HPT' },
  'licence.devices': {},
  'licence.deactivate': { deviceId: 'dev_8f2a61c4' },
  'publishing.overview': {},
  'publishing.attempts': { targetId: 'target-x-1' },
  'publishing.resolveCheck': { targetId: 'target-x-1', resolution: { kind: 'was-published', url: 'https://x.com/paddington/status/1' } },
  'publishing.retry': { targetId: 'target-x-1' },
  'scheduling.schedule': { postId: SEEDED_DRAFT, when: { kind: 'at', date: '2026-12-01', time: '09:00' } },
  'scheduling.check': { postId: SEEDED_DRAFT },
  'scheduling.reschedule': { postId: SEEDED_DRAFT, date: '2026-12-02', time: '17:30' },
  'scheduling.unschedule': { postId: SEEDED_DRAFT },
  'scheduling.calendar': { from: Date.UTC(2026, 11, 1), to: Date.UTC(2026, 11, 31) },
  'scheduling.upcoming': { limit: 50, offset: 0 },
  'scheduling.get': { postId: SEEDED_DRAFT },
  'scheduling.publishNow': { postId: SEEDED_DRAFT },
  'scheduling.resolveMissed': { postId: SEEDED_DRAFT, choice: { kind: 'reschedule', date: '2026-12-03', time: '08:15' } },
  'scheduling.asleep': { instants: [Date.UTC(2026, 11, 3, 12, 0)] },
  'scheduling.slots.get': {},
  'scheduling.started': {},
  'scheduling.slots.set': { slots: [{ weekday: 1, time: '09:00' }, { weekday: 3, time: '12:30' }] },
  'assistant.settings': {},
  'assistant.saveSettings': { kind: 'local', baseUrl: 'http://127.0.0.1:9/v1', model: 'llama3' },
  'assistant.testConnection': {},
  'assistant.models': {},
  'assistant.write': { requestId: OTHER_DRAFT, prompt: 'A post about fresh bread', text: '' },
  'assistant.stop': { requestId: OTHER_DRAFT },
  'assistant.rewrite': { text: 'Fresh bread', platforms: ['x', 'linkedin'] },
  'assistant.ideas': {},
  'assistant.preview': { kind: 'ideas' },
  'assistant.altText': { attachmentId: '5d1f0c1e-8f0a-4c39-9d4e-1f2a3b4c5d6e' },
  'assistant.localCalendar': { days: 30 },
  'results.overview': { from: 1_790_000_000_000, to: 1_792_592_000_000 },
  'results.post': { targetId: 'not-a-published-target' },
};

// ---------------------------------------------------------------------------------------------
// Generating malformed requests from the contract's schemas
// ---------------------------------------------------------------------------------------------

const FIVE_MB = 'M'.repeat(5 * 1024 * 1024);
const HUGE_200K = 'H'.repeat(200_000);

/** Values that are wrong for most fields; each is only used where the field's schema rejects it. */
const WRONG_VALUES: ReadonlyArray<readonly [string, unknown]> = [
  ['null', null],
  ['zero', 0],
  ['a negative number', -1],
  ['a fraction', 1.5],
  ['a huge number', 1e308],
  ['an unsafe integer', 2 ** 60],
  ['true', true],
  ['false', false],
  ['an empty string', ''],
  ['a numeric string', '50'],
  ['an empty array', []],
  ['an array of a string', ['x']],
  ['an empty object', {}],
  ['an object with a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}') as unknown],
  ['an object with a constructor key', JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown],
];

/** Strings that are hostile for some field (ids, zones, links, enums). */
const HOSTILE_STRINGS: ReadonlyArray<readonly [string, string]> = [
  ['not a uuid', 'not-a-uuid'],
  ['a uuid without dashes', '3b0e6c1e8f0a4c399d4e1f2a3b4c5d6e'],
  ['a uuid in braces', `{${SEEDED_DRAFT}}`],
  ['a uuid with a trailing character', `${SEEDED_DRAFT}0`],
  ['a uuid with spaces', ` ${SEEDED_DRAFT} `],
  ['a uuid with a NUL', `${SEEDED_DRAFT}\0`],
  ['a uuid with a bad variant', '3b0e6c1e-8f0a-4c39-0d4e-1f2a3b4c5d6e'],
  ['SQL', "' OR 1=1; DROP TABLE posts; --"],
  ['a javascript: link', 'javascript:alert(document.cookie)'],
  ['a data: link', 'data:text/html,<script>alert(1)</script>'],
  ['a file: link', 'file:///etc/passwd'],
  ['an ftp link', 'ftp://example.com'],
  ['a link with a space', 'https://exa mple.com'],
  ['a bare scheme', 'https://'],
  ['an unknown time zone', 'Mars/Olympus_Mons'],
  ['a time zone with traversal', '../../../etc/localtime'],
  ['a time zone with a NUL', 'Australia/Brisbane\0'],
  ['a time zone in the wrong case of a different zone', 'australia/brisbanee'],
  ['an enum value in the wrong case', 'UPDATED_DESC'],
  ['an unknown platform', 'myspace'],
  ['a padded enum value', 'x '],
  ['__proto__', '__proto__'],
];

interface InvokeCase {
  name: string;
  channel: unknown;
  payload: unknown;
  expectedCode: 'invalid_request' | 'unknown_channel';
}

type PathKey = string | number;

function setAt(base: unknown, at: readonly PathKey[], value: unknown, remove = false): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at as [PathKey, ...PathKey[]];
  const copy: Record<PathKey, unknown> | unknown[] = Array.isArray(base) ? [...(base as unknown[])] : { ...(base as object) };
  const container = copy as Record<PathKey, unknown>;
  if (rest.length === 0 && remove) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete container[head];
  } else {
    container[head] = setAt(container[head], rest, value, remove);
  }
  return copy;
}

/** Peels nullable/optional/default wrappers to reach the schema that holds the shape. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodNullable || current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
      current = current.unwrap() as z.ZodType;
    } else {
      return current;
    }
  }
}

/** Every way to break the value at `at` (whose schema is `schema`) inside a valid `base`. */
function fieldMutations(
  schema: z.ZodType,
  value: unknown,
  at: readonly PathKey[],
): Array<{ label: string; at: readonly PathKey[]; value: unknown; remove?: boolean }> {
  const where = at.length === 0 ? 'payload' : at.join('.');
  const out: Array<{ label: string; at: readonly PathKey[]; value: unknown; remove?: boolean }> = [];
  const tryValue = (label: string, candidate: unknown) => {
    if (!schema.safeParse(candidate).success) out.push({ label: `${where}: ${label}`, at, value: candidate });
  };

  if (at.length > 0 && !schema.safeParse(undefined).success) out.push({ label: `${where}: missing`, at, value: undefined, remove: true });
  for (const [label, candidate] of WRONG_VALUES) tryValue(label, candidate);

  const inner = unwrap(schema);
  if (inner instanceof z.ZodString) {
    for (const [label, candidate] of HOSTILE_STRINGS) tryValue(label, candidate);
    if (typeof inner.maxLength === 'number') tryValue(`one over its max (${inner.maxLength + 1} chars)`, 'a'.repeat(inner.maxLength + 1));
    tryValue('a 200,000-character string', HUGE_200K);
    tryValue('a 5 MB string', FIVE_MB);
  }
  if (inner instanceof z.ZodNumber) {
    for (const [label, candidate] of [
      ['minus one', -1],
      ['one million and one', 1_000_001],
      ['two hundred and one', 201],
      ['MAX_SAFE_INTEGER + 2', Number.MAX_SAFE_INTEGER + 2],
    ] as const) {
      tryValue(label, candidate);
    }
  }
  if (inner instanceof z.ZodObject && typeof value === 'object' && value !== null) {
    const base = value as Record<string, unknown>;
    tryValue('an extra field', { ...base, extra: 1 });
    tryValue('a __proto__ field', { ...base, ...(JSON.parse('{"__proto__": {"isAdmin": true}}') as object) });
    tryValue('a constructor field', { ...base, constructor: { prototype: { isAdmin: true } } });
    tryValue('an array in its place', [base]);
    for (const [key, fieldSchema] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      out.push(...fieldMutations(fieldSchema, base[key], [...at, key]));
    }
  }
  if (inner instanceof z.ZodArray && Array.isArray(value) && value.length > 0) {
    const first: unknown = value[0];
    tryValue('a duplicated element', [...value, first]);
    tryValue('six elements', Array.from({ length: 6 }, () => first));
    tryValue('10,000 elements', Array.from({ length: 10_000 }, () => first));
    tryValue('an object in its place', { 0: first });
    out.push(...fieldMutations(inner.element as z.ZodType, first, [...at, 0]));
  }
  return out;
}

function generateInvokeCases(): InvokeCase[] {
  const cases: InvokeCase[] = [];
  for (const channel of Object.keys(invokeChannels) as ChannelName[]) {
    const schema = invokeChannels[channel].request as z.ZodType;
    const sample: unknown = SAMPLES[channel];

    const add = (label: string, payload: unknown) => {
      // Only requests the contract itself refuses: a valid one could change data.
      if (schema.safeParse(payload).success) return;
      cases.push({ name: `${channel} ← ${label}`, channel, payload, expectedCode: 'invalid_request' });
    };

    for (const [label, payload] of [
      ['null', null],
      ['a number', 42],
      ['NaN (sent as null)', Number.NaN],
      ['a string', 'payload'],
      ['the payload as a JSON string', JSON.stringify(sample)],
      ['true', true],
      ['an empty array', []],
      ['the payload inside an array', [sample]],
      ['an object with 10,000 keys', Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))],
      ['a deeply nested array', JSON.parse(`${'['.repeat(2_000)}${']'.repeat(2_000)}`) as unknown],
    ] as const) {
      add(label, payload);
    }
    for (const mutation of fieldMutations(schema, sample, [])) {
      add(mutation.label, setAt(sample, mutation.at, mutation.value, mutation.remove));
    }
  }

  const unknownChannels: ReadonlyArray<readonly [string, unknown]> = [
    ['an unknown name', 'drafts.nuke'],
    ['a near miss', 'drafts.List'],
    ['upper case', 'APP.INFO'],
    ['a trailing space', 'app.info '],
    ['a domain only', 'drafts'],
    ['an empty name', ''],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['valueOf', 'valueOf'],
    ['a path', '../drafts.save'],
    ['a 10,000-character name', 'c'.repeat(10_000)],
    ['a number', 42],
    ['null', null],
    ['true', true],
    ['an array', ['app.info']],
    ['an object', { name: 'app.info' }],
    ['an object with toString', { toString: 'app.info' }],
  ];
  for (const [label, channel] of unknownChannels) {
    expect(isChannelName(channel)).toBe(false);
    cases.push({ name: `unknown channel: ${label}`, channel, payload: {}, expectedCode: 'unknown_channel' });
  }
  return cases;
}

interface RawCase {
  name: string;
  frame: string | Buffer;
  expectedId: number | null;
}

function generateRawCases(): RawCase[] {
  const valid = (id: unknown) => JSON.stringify({ id, channel: 'app.info', payload: {} });
  const envelope: ReadonlyArray<readonly [string, string | Buffer]> = [
    ['not JSON', 'hello'],
    ['an empty text frame', ''],
    ['truncated JSON', '{"id": 1, "channel": "app.info"'],
    ['JSON with a trailing comma', '{"id": 1, "channel": "app.info", "payload": {},}'],
    ['a JSON array', '[1, "app.info", {}]'],
    ['JSON null', 'null'],
    ['a JSON number', '42'],
    ['a JSON string', '"app.info"'],
    ['JSON true', 'true'],
    ['an empty object', '{}'],
    ['id missing', JSON.stringify({ channel: 'app.info', payload: {} })],
    ['id negative', valid(-1)],
    ['id a string', valid('1')],
    ['id a fraction', valid(1.5)],
    ['id null', valid(null)],
    ['id true', valid(true)],
    ['id an array', valid([1])],
    ['id an object', valid({ n: 1 })],
    ['id beyond a safe integer', valid(2 ** 60)],
    ['id overflowing to Infinity', '{"id": 1e400, "channel": "app.info", "payload": {}}'],
    ['a binary frame holding a valid request', Buffer.from(valid(1))],
    ['a binary frame of random bytes', Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 97) % 256))],
    ['an empty binary frame', Buffer.alloc(0)],
    ['a binary frame of 1 MB', Buffer.alloc(1024 * 1024, 0xff)],
    ['a text frame with a NUL', `\0${valid(1)}`],
    ['a UTF-8 BOM before the JSON', `\ufeff${valid(1)}`],
  ];
  const cases: RawCase[] = envelope.map(([name, frame]) => ({ name: `envelope: ${name}`, frame, expectedId: null }));
  // Well-formed envelopes with bad payloads: the answer carries the request's id.
  cases.push(
    { name: 'raw: drafts.get with a bad id', frame: JSON.stringify({ id: 7, channel: 'drafts.get', payload: { id: 'x' } }), expectedId: 7 },
    { name: 'raw: id zero', frame: JSON.stringify({ id: 0, channel: 'nope', payload: {} }), expectedId: 0 },
    {
      name: 'raw: the largest safe id',
      frame: JSON.stringify({ id: Number.MAX_SAFE_INTEGER, channel: 'drafts.delete', payload: null }),
      expectedId: Number.MAX_SAFE_INTEGER,
    },
    {
      name: 'raw: a payload nested 100,000 deep',
      frame: `{"id": 10, "channel": "app.info", "payload": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      expectedId: 10,
    },
    // A bad envelope that still carries a usable id is answered under it, so the caller is not left waiting.
    { name: 'envelope: an extra envelope field', frame: JSON.stringify({ id: 1, channel: 'app.info', payload: {}, extra: true }), expectedId: 1 },
    {
      name: 'envelope: a __proto__ envelope field',
      frame: '{"id": 1, "channel": "app.info", "payload": {}, "__proto__": {"polluted": true}}',
      expectedId: 1,
    },
    {
      name: 'raw: duplicate keys (the last one wins in JSON.parse)',
      frame: '{"id": 9, "channel": "app.info", "channel": "drafts.nuke", "payload": {}}',
      expectedId: 9,
    },
  );
  return cases;
}

// ---------------------------------------------------------------------------------------------
// The database, as a value to compare
// ---------------------------------------------------------------------------------------------

function snapshotDatabase(dataDir: string): Record<string, unknown> {
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    const snapshot: Record<string, unknown> = {
      user_version: db.pragma('user_version', { simple: true }),
      schema: db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all(),
    };
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    for (const { name } of tables) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      let rows: unknown[];
      try {
        rows = db.prepare(`SELECT rowid AS __rowid, * FROM ${quoted} ORDER BY rowid`).all();
      } catch {
        rows = db.prepare(`SELECT * FROM ${quoted} ORDER BY 1`).all(); // WITHOUT ROWID tables
      }
      snapshot[`table:${name}`] = rows;
    }
    return snapshot;
  } finally {
    db.close();
  }
}

/** Fails with the case's name when the host does not answer in time, instead of hanging the run. */
async function answered<T>(promise: Promise<T>, name: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms to: ${name}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function expectTypedError(result: IpcResult<unknown>, expectedCode: string, name: string): void {
  expect(result.ok, name).toBe(false);
  if (result.ok) return;
  expect(IPC_ERROR_CODES, name).toContain(result.error.code);
  expect(result.error.code, name).toBe(expectedCode);
  expect(typeof result.error.message, name).toBe('string');
  expect(result.error.message.length, name).toBeGreaterThan(0);
}

// ---------------------------------------------------------------------------------------------

describe('the browser host under malformed IPC', () => {
  let dataDir: string;
  let host: WebHostProcess;
  let ipc: IpcSocketClient;
  let before: Record<string, unknown>;
  let seededProfile: unknown;
  let seededList: unknown;
  let sent = 0;

  beforeAll(async () => {
    if (!fs.existsSync(HOST_ENTRY)) {
      throw new Error(`${HOST_ENTRY} is missing. Run \`npm run build\` (or \`node build/bundle.mjs\`) before this test.`);
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-malformed-'));
    host = await startWebHost({ dataDir });
    ipc = await connectIpc(host.url);

    const profile = await ipc.invoke('profile.save', SAMPLES['profile.save']);
    expect(profile.ok).toBe(true);
    expect((await ipc.invoke('drafts.save', SAMPLES['drafts.save'])).ok).toBe(true);
    const other = await ipc.invoke('drafts.save', {
      id: OTHER_DRAFT,
      body: 'Croissants on Saturday 🥐 https://example.com',
      targets: [{ platform: 'linkedin', text: 'LinkedIn version', title: null }],
    });
    expect(other.ok).toBe(true);

    seededProfile = await ipc.invoke('profile.get', {});
    seededList = await ipc.invoke('drafts.list', {});
    before = snapshotDatabase(dataDir);
  });

  afterAll(async () => {
    await ipc?.close();
    // stop() fails unless the host exits cleanly (code 0) on SIGTERM.
    await host?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a valid sample for every channel of the contract', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(invokeChannels).sort());
    for (const channel of Object.keys(invokeChannels) as ChannelName[]) {
      const parsed = invokeChannels[channel].request.safeParse(SAMPLES[channel]);
      expect(parsed.success, `${channel} sample: ${parsed.error?.message ?? ''}`).toBe(true);
    }
    expect(before['table:posts']).toHaveLength(2);
    expect(before['table:business_profile']).toHaveLength(1);
  });

  it('answers every malformed request on every channel with a typed error', async () => {
    const cases = generateInvokeCases();
    const perChannel = new Map<unknown, number>();
    for (const testCase of cases) {
      const result = await answered(ipc.invoke(testCase.channel, testCase.payload), testCase.name);
      sent++;
      expectTypedError(result, testCase.expectedCode, testCase.name);
      perChannel.set(testCase.channel, (perChannel.get(testCase.channel) ?? 0) + 1);
    }
    // Every channel got a real share of the abuse, so a schema change cannot quietly shrink it.
    for (const channel of Object.keys(invokeChannels)) {
      expect(perChannel.get(channel) ?? 0, channel).toBeGreaterThanOrEqual(10);
    }
    expect(cases.length).toBeGreaterThanOrEqual(200);
  }, 120_000);

  it('answers malformed envelopes, non-JSON and binary frames with invalid_request', async () => {
    for (const testCase of generateRawCases()) {
      const reply = await answered(ipc.sendRaw(testCase.frame), testCase.name);
      sent++;
      expect(reply, testCase.name).toMatchObject({ id: testCase.expectedId, result: { ok: false } });
      const result = (reply as { result: IpcResult<unknown> }).result;
      if (testCase.expectedId === null) expectTypedError(result, 'invalid_request', testCase.name);
      else expect(IPC_ERROR_CODES, testCase.name).toContain(result.ok ? 'ok' : result.error.code);
    }
    expect(ipc.isOpen()).toBe(true);
  }, 60_000);

  it('answers a request with no payload or no channel under its own id, so the caller is not left waiting', async () => {
    // The page's bridge sends JSON.stringify({id, channel, payload}); an undefined payload
    // (or channel) drops the key. The caller waits for its id: an answer under id null never
    // reaches it. Own socket, so a stray reply cannot shift the other tests' replies.
    const own = await connectIpc(host.url);
    try {
      const requests = [
        { name: 'app.info without a payload', frame: { id: 1, channel: 'app.info' } },
        { name: 'drafts.save without a payload', frame: { id: 2, channel: 'drafts.save' } },
        { name: 'a request without a channel', frame: { id: 3, payload: {} } },
      ];
      for (const { name, frame } of requests) {
        const reply = await answered(own.sendRaw(JSON.stringify(frame)), name);
        sent++;
        expect(reply, name).toMatchObject({ id: frame.id, result: { ok: false } });
        const result = (reply as { result: IpcResult<unknown> }).result;
        expect(IPC_ERROR_CODES, name).toContain(result.ok ? 'ok' : result.error.code);
      }
    } finally {
      await own.close();
    }
  });

  it('survives many malformed requests in flight at once', async () => {
    const burst = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0 ? ipc.invoke('drafts.save', { id: SEEDED_DRAFT, body: i }) : ipc.invoke(`no.such.channel.${i}`, {}),
    );
    const results = await Promise.all(burst);
    sent += burst.length;
    results.forEach((result, i) => expectTypedError(result, i % 2 === 0 ? 'invalid_request' : 'unknown_channel', `burst ${i}`));
  });

  it('closes only the offending socket for frames the WebSocket layer refuses', async () => {
    // Over the host's 8 MB message cap: the socket is closed (1009), nothing else happens.
    const big = await connectIpc(host.url);
    big.sendRaw(JSON.stringify({ id: 1, channel: 'drafts.save', payload: { body: 'B'.repeat(9 * 1024 * 1024) } })).catch(() => {});
    sent++;
    expect((await big.closed).code).toBe(1009);

    expect(host.process.exitCode).toBeNull();
    expect((await ipc.invoke('app.info', {})).ok).toBe(true);
  }, 30_000);

  it('refuses a WebSocket from a foreign page (Origin) or a rebound Host with 403', async () => {
    const port = new URL(host.url).port;
    for (const origin of ['http://evil.example', `http://127.0.0.1:${port}.evil.example`, 'null', 'file://', 'app://agencyiq', '']) {
      const error: unknown = await connectIpc(host.url, { origin }).then(
        async (client) => {
          await client.close();
          return null;
        },
        (e: unknown) => e,
      );
      expect(error, `origin ${JSON.stringify(origin)}`).toBeInstanceOf(IpcConnectError);
      expect((error as IpcConnectError).status, `origin ${JSON.stringify(origin)}`).toBe(403);
    }
    const rebound: unknown = await connectIpc(host.url, { headers: { Host: `evil.example:${port}` } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((rebound as IpcConnectError | null)?.status).toBe(403);
  });

  it('is still running, still answering, and the data is exactly as before', async () => {
    expect(host.process.exitCode).toBeNull();
    expect(host.process.signalCode).toBeNull();

    const info = await ipc.invoke('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'browser' } });

    // A fresh connection works too, and the seeded data reads back unchanged; a polluted
    // Object.prototype would make every strict schema refuse these.
    const fresh = await connectIpc(host.url);
    expect((await fresh.invoke('app.info', {})).ok).toBe(true);
    expect(await fresh.invoke('profile.get', {})).toEqual(seededProfile);
    expect(await fresh.invoke('drafts.list', {})).toEqual(seededList);
    const draft = await fresh.invoke('drafts.get', { id: SEEDED_DRAFT });
    expect(draft).toMatchObject({ ok: true, value: { body: 'Fresh bread', revision: 1, targets: SAMPLES['drafts.save'].targets } });
    await fresh.close();

    expect(snapshotDatabase(dataDir)).toEqual(before);
    expect(sent).toBeGreaterThanOrEqual(200);
    console.log(`ipc-malformed-payloads: ${sent} malformed messages sent; host alive; database unchanged`);
  });

  it('still writes valid requests after all that (the test can see a change)', async () => {
    const id = randomUUID();
    expect((await ipc.invoke('drafts.save', { id, body: 'After the storm', targets: [] })).ok).toBe(true);
    expect(snapshotDatabase(dataDir)).not.toEqual(before);
  });
});
