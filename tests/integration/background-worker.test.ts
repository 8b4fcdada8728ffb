import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundJobError, BackgroundThread, BackgroundWorkerError } from '../../electron/core/background/background-thread';
import { BackupCancelledError } from '../../electron/core/backups/backup-store';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';
import { silentLogger } from '../../electron/core/ports/logger';
import { systemTimers } from '../../electron/core/ports/timers';
import { backgroundWorkerFile } from '../support/background-worker-file';
import { ManualTimers } from '../support/fake-updater';
import { openTestCore, tempDataDir } from '../support/core-fixture';

// Issue 13 §2: backups with their integrity check, restore checks, the diagnostics zip and
// drafts search run in a worker thread with its own SQLite connection, so the core's thread
// (which also answers the window) keeps answering. The worker speaks a checked protocol: a
// crash, a garbled answer or a closing core is a typed error, never a hang.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function thread(workerFile = backgroundWorkerFile()): BackgroundThread {
  const background = new BackgroundThread({ workerFile, logger: silentLogger, timers: systemTimers });
  cleanups.push(() => background.close());
  return background;
}

/** The app's schema with `posts` drafts of ~1 KB each, written in one transaction. */
function seedDrafts(database: OpenedDatabase, count: number, word = 'filler'): void {
  const insertPost = database.sqlite.prepare("INSERT INTO posts (id, body, state, revision, created_at, updated_at) VALUES (?, ?, 'draft', 1, ?, ?)");
  const insertSearch = database.sqlite.prepare('INSERT INTO posts_fts (rowid, post_id, content) VALUES (?, ?, ?)');
  database.sqlite.transaction(() => {
    for (let n = 0; n < count; n += 1) {
      const id = randomUUID();
      const body = `${word} ${n} ${'lorem ipsum dolor sit amet '.repeat(40)}`;
      const { lastInsertRowid } = insertPost.run(id, body, n, n);
      insertSearch.run(lastInsertRowid, id, body);
    }
  })();
}

/** A worker file of our own making, to play a worker that misbehaves. */
function fakeWorker(dir: string, body: string): string {
  const file = path.join(dir, `fake-worker-${randomUUID()}.cjs`);
  fs.writeFileSync(file, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
  return file;
}

describe('the core keeps answering while long work runs in the background worker', () => {
  it('answers calls while a backup of a large history is being verified, after its copy is done', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const { core, call } = await openTestCore(dir);
    cleanups.push(() => core.close());
    await expect.poll(async () => (await call('backups.list', {})).backups.length, { timeout: 15_000 }).toBe(1);
    seedDrafts(core.database, 20_000);
    const kept = randomUUID();
    await call('drafts.save', { id: kept, body: 'Answered during the check', targets: [] });

    let answers = 0;
    let answersAtLastProgress = -1;
    core.events.subscribe(({ event }) => {
      if (event === 'backups.progress') answersAtLastProgress = answers;
    });
    let finished = false;
    const backingUp = call('backups.create', {}).finally(() => (finished = true));
    while (!finished) {
      await new Promise((resolve) => setImmediate(resolve));
      expect((await call('drafts.get', { id: kept })).body).toBe('Answered during the check');
      answers += 1;
    }
    const backup = await backingUp;
    expect(answersAtLastProgress).toBeGreaterThanOrEqual(0);
    // On the core's thread the copy's last step is followed by the integrity check of the whole
    // file, during which nothing else can run; in the worker, calls keep being answered.
    expect(answers - answersAtLastProgress).toBeGreaterThan(5);
    const copy = new BetterSqlite3(path.join(dir, 'backups', backup.id), { readonly: true });
    cleanups.push(() => void copy.close());
    expect(copy.prepare('SELECT count(*) FROM posts').pluck().get()).toBe(20_001);
  });

  it('searches the drafts in the worker and finds what the core just saved', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const { core, call } = await openTestCore(dir);
    cleanups.push(() => core.close());
    const id = randomUUID();
    await call('drafts.save', { id, body: 'Sourdough workshop on Saturday', targets: [{ platform: 'x', text: 'Bread class!', title: null }] });
    await call('drafts.save', { id: randomUUID(), body: 'Something else entirely', targets: [] });
    const found = await call('drafts.list', { query: 'sourdough', sort: 'updated_desc', limit: 10, offset: 0 });
    expect(found.items.map((item) => item.id)).toEqual([id]);
    expect(found.items[0]!.platforms).toEqual(['x']);
    expect((await call('drafts.list', { query: 'bread', sort: 'updated_desc', limit: 10, offset: 0 })).items.map((item) => item.id)).toEqual([id]);
  });
});

describe('BackgroundThread', () => {
  it('makes a backup that is the database as of its start while the core keeps committing, and checks it', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const database = openDatabase(path.join(dir, 'agencyiq.db'));
    cleanups.push(() => database.close());
    seedDrafts(database, 5_000);
    const background = thread();
    const progress: number[] = [];
    let finished = false;
    const backingUp = background
      .run('backUp', { databasePath: path.join(dir, 'agencyiq.db'), dataDir: dir, now: Date.UTC(2026, 5, 1) }, { onProgress: (p) => progress.push(p.copiedPages) })
      .finally(() => (finished = true));
    // The core's own connection commits while the worker copies.
    let written = 0;
    while (!finished) {
      seedDrafts(database, 1, 'during');
      written += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const info = await backingUp;
    expect(info.id).toBe('agencyiq-20260601-000000.db');
    expect(progress.length).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(0);
    const copy = new BetterSqlite3(path.join(dir, 'backups', info.id), { readonly: true });
    cleanups.push(() => void copy.close());
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = copy.prepare('SELECT count(*) FROM posts').pluck().get() as number;
    expect(rows).toBeGreaterThanOrEqual(5_000);
    expect(rows).toBeLessThanOrEqual(5_000 + written);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([info.id]);
  });

  it('stops a backup at its next step when cancelled, leaving no partial file', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const database = openDatabase(path.join(dir, 'agencyiq.db'));
    cleanups.push(() => database.close());
    seedDrafts(database, 5_000);
    const closing = new AbortController();
    const backingUp = thread().run(
      'backUp',
      { databasePath: path.join(dir, 'agencyiq.db'), dataDir: dir, now: Date.UTC(2026, 5, 1) },
      { onProgress: () => closing.abort(), signal: closing.signal },
    );
    await expect(backingUp).rejects.toBeInstanceOf(BackupCancelledError);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([]);
  });

  it('turns a job that fails in the worker into a typed error with its code, and refuses a malformed request', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const background = thread();
    const missing = background.run('checkFile', { file: path.join(dir, 'nothing-here.db'), depth: 'quick' });
    await expect(missing).rejects.toBeInstanceOf(BackgroundJobError);
    await expect(missing).rejects.toMatchObject({ code: 'SQLITE_CANTOPEN' });
    fs.writeFileSync(path.join(dir, 'not-a-database.db'), 'hello, not SQLite at all'.repeat(100));
    expect(await background.run('checkFile', { file: path.join(dir, 'not-a-database.db'), depth: 'quick' })).toMatchObject({ ok: false });
    const malformed = background.run('checkFile', { file: '', depth: 'deep' } as never);
    await expect(malformed).rejects.toThrow(/checkFile request was malformed/);
  });

  it('fails every job of a worker that dies with a BackgroundWorkerError, and starts a new worker for the next', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const background = thread(fakeWorker(dir, 'parentPort.on("message", () => process.exit(3));'));
    const jobs = [background.run('checkFile', { file: '/a.db', depth: 'quick' }), background.run('checkFile', { file: '/b.db', depth: 'quick' })];
    for (const job of jobs) await expect(job).rejects.toBeInstanceOf(BackgroundWorkerError);
    expect(background.running).toBe(false);
    await expect(background.run('checkFile', { file: '/c.db', depth: 'quick' })).rejects.toThrow(/exit code 3/);
  });

  it('refuses answers outside the protocol or of the wrong shape, and a worker file that does not exist', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const wrongShape = thread(fakeWorker(dir, 'parentPort.on("message", (m) => parentPort.postMessage({ type: "done", id: m.id, result: { ok: "yes" } }));'));
    await expect(wrongShape.run('checkFile', { file: '/a.db', depth: 'quick' })).rejects.toThrow(/checkFile answer was malformed/);
    const garbage = thread(fakeWorker(dir, 'parentPort.on("message", () => parentPort.postMessage({ hello: "there" }));'));
    await expect(garbage.run('checkFile', { file: '/a.db', depth: 'quick' })).rejects.toThrow(/outside its protocol/);
    const absent = thread(path.join(dir, 'no-such-worker.cjs'));
    await expect(absent.run('checkFile', { file: '/a.db', depth: 'quick' })).rejects.toBeInstanceOf(BackgroundWorkerError);
  });

  // Issue 13 §1 (publish.rss_mb): a second isolate with its own connection is ~50 MB resident.
  it('starts the worker on the first job, not before, ends it as soon as a one-off job is done, and keeps it a while after a search', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const database = openDatabase(path.join(dir, 'agencyiq.db'));
    cleanups.push(() => database.close());
    seedDrafts(database, 10, 'rye');
    const timers = new ManualTimers();
    const background = new BackgroundThread({ workerFile: backgroundWorkerFile(), logger: silentLogger, timers, idleMs: 60_000 });
    cleanups.push(() => background.close());
    expect(background.running).toBe(false);

    const info = await background.run('backUp', { databasePath: path.join(dir, 'agencyiq.db'), dataDir: dir, now: Date.UTC(2026, 5, 1) });
    expect(info.id).toBe('agencyiq-20260601-000000.db');
    expect(background.running).toBe(false);
    expect(timers.delays()).toEqual([]);

    const query = { databasePath: path.join(dir, 'agencyiq.db'), sql: "SELECT count(*) AS n FROM posts WHERE body LIKE 'rye%'", parameters: [] };
    expect(await background.run('readQuery', query)).toEqual([{ n: 10 }]);
    expect(background.running).toBe(true);
    expect(timers.delays()).toEqual([60_000]);
    // The next search finds the same worker ready; a one-off job after it does not cut its stay short.
    expect(await background.run('readQuery', query)).toEqual([{ n: 10 }]);
    expect(await background.run('checkFile', { file: path.join(dir, 'backups', info.id), depth: 'quick' })).toEqual({ ok: true });
    expect(background.running).toBe(true);
    timers.fireDelay(60_000);
    expect(background.running).toBe(false);
    // And a job after that starts a fresh one.
    expect(await background.run('checkFile', { file: path.join(dir, 'backups', info.id), depth: 'quick' })).toEqual({ ok: true });
    expect(background.running).toBe(false);
  });

  it('ends the worker on close: a job still running fails, and nothing new is accepted', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const database = openDatabase(path.join(dir, 'agencyiq.db'));
    cleanups.push(() => database.close());
    seedDrafts(database, 5_000);
    const background = thread();
    const backingUp = background.run('backUp', { databasePath: path.join(dir, 'agencyiq.db'), dataDir: dir, now: Date.UTC(2026, 5, 1) });
    const outcome = backingUp.catch((error: unknown) => error);
    expect(background.running).toBe(true);
    await background.close();
    expect(background.running).toBe(false);
    expect(await outcome).toBeInstanceOf(BackgroundWorkerError);
    await expect(background.run('checkFile', { file: '/a.db', depth: 'quick' })).rejects.toThrow(/closing/);
  });
});
