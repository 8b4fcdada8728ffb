import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalDurability } from '../../electron/core/db/wal-durability';
import { walFileFsync, type WalFsync } from '../../electron/core/ports/wal-fsync';

/** A -wal fsync port whose fsyncs end when the test says so; it records each start. */
function heldFsyncs(): WalFsync & { started: number; end(index: number, error?: Error): void } {
  const endings: Array<{ resolve(): void; reject(error: Error): void }> = [];
  return {
    started: 0,
    fsync() {
      this.started++;
      return new Promise<void>((resolve, reject) => endings.push({ resolve, reject }));
    },
    end(index, error) {
      if (error === undefined) endings[index]!.resolve();
      else endings[index]!.reject(error);
    },
  };
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function watch(promise: Promise<void>): { state: 'waiting' | 'durable' | 'failed' } {
  const seen = { state: 'waiting' as 'waiting' | 'durable' | 'failed' };
  promise.then(
    () => (seen.state = 'durable'),
    () => (seen.state = 'failed'),
  );
  return seen;
}

describe('WalDurability (group commit: a commit is durable only after an fsync that started after it)', () => {
  it('an fsync already in flight when a commit is announced does not count for it: the next one does', async () => {
    const wal = heldFsyncs();
    const durability = new WalDurability(wal);
    const first = watch(durability.afterCommit());
    expect(wal.started).toBe(1);
    const second = watch(durability.afterCommit()); // committed while fsync 0 is in flight
    expect(wal.started).toBe(1);

    wal.end(0);
    await settle();
    expect(first.state).toBe('durable');
    expect(second.state).toBe('waiting');
    expect(wal.started).toBe(2); // started after fsync 0 ended, so after the second commit

    wal.end(1);
    await settle();
    expect(second.state).toBe('durable');
  });

  it('commits announced while one fsync runs share the next fsync', async () => {
    const wal = heldFsyncs();
    const durability = new WalDurability(wal);
    const first = watch(durability.afterCommit());
    const waiting = [watch(durability.afterCommit()), watch(durability.afterCommit()), watch(durability.afterCommit())];
    wal.end(0);
    await settle();
    expect(first.state).toBe('durable');
    expect(waiting.map((seen) => seen.state)).toEqual(['waiting', 'waiting', 'waiting']);
    wal.end(1);
    await settle();
    expect(waiting.map((seen) => seen.state)).toEqual(['durable', 'durable', 'durable']);
    expect(wal.started).toBe(2);
    expect(durability.fsyncs).toBe(2);
  });

  it('a failed fsync fails the commits it covered, and the commits made meanwhile get their own fsync', async () => {
    const wal = heldFsyncs();
    const durability = new WalDurability(wal);
    const covered = watch(durability.afterCommit());
    const later = watch(durability.afterCommit());
    wal.end(0, new Error('EIO: i/o error, fsync'));
    await settle();
    expect(covered.state).toBe('failed');
    expect(later.state).toBe('waiting');
    wal.end(1);
    await settle();
    expect(later.state).toBe('durable');
  });

  it('a port that throws instead of rejecting fails the commit, not the caller', async () => {
    const durability = new WalDurability({
      fsync: () => {
        throw new Error('no handle');
      },
    });
    await expect(durability.afterCommit()).rejects.toThrow('no handle');
  });
});

describe('walFileFsync', () => {
  it('fsyncs the database’s -wal file, and fails when there is none (nothing can say a commit is durable)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-wal-fsync-'));
    try {
      const database = path.join(dir, 'agencyiq.db');
      await expect(walFileFsync(database).fsync()).rejects.toMatchObject({ code: 'ENOENT' });
      fs.writeFileSync(`${database}-wal`, 'frames');
      await expect(walFileFsync(database).fsync()).resolves.toBeUndefined();
      expect(fs.readFileSync(`${database}-wal`, 'utf8')).toBe('frames');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
