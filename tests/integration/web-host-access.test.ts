import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../electron/core/open-core';
import { WEB_HOST_PROTOCOL, webHostProtocols } from '@shared/ipc/web-host-key';
import { openTestCore } from '../support/core-fixture';
import { connectIpc, IpcConnectError } from '../support/ipc-socket-client';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';

// Issue 15, item 3: Origin and Host stop web pages, but any local program can forge them. The
// browser host admits only a client holding the random key of this launch, which it prints in
// the fragment of its address; and the data folder and database are owner-only (POSIX).

const POSIX = process.platform !== 'win32';
const mode = (file: string) => fs.statSync(file).mode & 0o777;

let root: string;
let dataDir: string;
let host: WebHostProcess;
let key: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-host-access-'));
  // A folder the host has to create itself.
  dataDir = path.join(root, 'data');
  host = await startWebHost({ dataDir });
  key = /#k=([A-Za-z0-9_-]{43})$/.exec(host.url)![1]!;
});
afterAll(async () => {
  await host?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Connects as "another local program": the host's own Origin and Host, forged. */
async function refusal(options: Parameters<typeof connectIpc>[1]): Promise<number | null> {
  const port = new URL(host.url).port;
  const outcome = await connectIpc(host.url, { origin: `http://127.0.0.1:${port}`, headers: { Host: `127.0.0.1:${port}` }, ...options }).then(
    async (client) => {
      await client.close();
      return null;
    },
    (error: unknown) => (error instanceof IpcConnectError ? error.status : -1),
  );
  return outcome;
}

describe('the browser host WebSocket', () => {
  it('prints its address with a 256-bit key in the fragment, and writes the key to no log', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#k=[A-Za-z0-9_-]{43}$/);
    expect(host.log()).not.toContain(key);
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'main.log'), 'utf8')).not.toContain(key);
  });

  it('refuses a local client that forges Origin and Host but has no key', async () => {
    expect(await refusal({ key: null })).toBe(403);
  });

  it('refuses a wrong key, a key one character off, and the key in the URL instead of the upgrade', async () => {
    expect(await refusal({ key: crypto.randomBytes(32).toString('base64url') })).toBe(403);
    const oneOff = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect(await refusal({ key: oneOff })).toBe(403);
    const port = new URL(host.url).port;
    expect(await refusal({ key: null, headers: { Host: `127.0.0.1:${port}` } })).toBe(403);
    const inQuery = await connectIpc(`ws://127.0.0.1:${port}/ipc?k=${key}`, { key: null }).then(
      () => null,
      (error: unknown) => (error as IpcConnectError).status,
    );
    expect(inQuery).toBe(403);
    // The key without the protocol name is not the bridge either.
    const bare = new WebSocket(`ws://127.0.0.1:${port}/ipc`, [`agencyiq.key.${key}`], { origin: `http://127.0.0.1:${port}` });
    const status = await new Promise<number | null>((resolve) => {
      bare.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? null));
      bare.once('open', () => resolve(101));
      bare.once('error', (error) => resolve(Number(/(\d{3})/.exec(error.message)?.[1] ?? -1)));
    });
    bare.terminate();
    expect(status).toBe(403);
  });

  it('admits the page with the printed key and answers with the plain protocol, never echoing the key', async () => {
    const port = new URL(host.url).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc`, webHostProtocols(key), { origin: `http://127.0.0.1:${port}` });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    expect(ws.protocol).toBe(WEB_HOST_PROTOCOL);
    ws.close();
    const client = await connectIpc(host.url);
    expect(await client.invoke('app.info', {})).toMatchObject({ ok: true, value: { host: 'browser' } });
    await client.close();
  });

  it.runIf(POSIX)('made the data folder 0700 and the database 0600', () => {
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(path.join(dataDir, DATABASE_FILE_NAME))).toBe(0o600);
    for (const suffix of ['-wal', '-shm']) {
      const companion = path.join(dataDir, DATABASE_FILE_NAME + suffix);
      if (fs.existsSync(companion)) expect(mode(companion), suffix).toBe(0o600);
    }
  });
});

describe.runIf(POSIX)('the core (both hosts) keeps its data owner-only', () => {
  it('creates the data folder 0700 and the database 0600, and tightens an earlier 0755/0644 pair', async () => {
    const fresh = path.join(root, 'electron-user-data');
    let opened = await openTestCore(fresh);
    expect(mode(fresh)).toBe(0o700);
    expect(mode(path.join(fresh, DATABASE_FILE_NAME))).toBe(0o600);
    expect(mode(path.join(fresh, DATABASE_FILE_NAME + '-wal'))).toBe(0o600);
    await opened.call('backups.create', {});
    const backups = path.join(fresh, 'backups');
    expect(mode(backups)).toBe(0o700);
    for (const name of fs.readdirSync(backups)) expect(mode(path.join(backups, name)), name).toBe(0o600);
    await opened.core.close();

    // What earlier versions left behind.
    fs.chmodSync(fresh, 0o755);
    fs.chmodSync(path.join(fresh, DATABASE_FILE_NAME), 0o644);
    opened = await openTestCore(fresh);
    expect(mode(fresh)).toBe(0o700);
    expect(mode(path.join(fresh, DATABASE_FILE_NAME))).toBe(0o600);
    await opened.core.close();
  });
});
