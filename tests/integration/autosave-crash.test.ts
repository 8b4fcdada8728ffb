import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../electron/core/open-core';
import { connectIpc } from '../support/ipc-socket-client';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';

const CRASHES = 20;
const DRAFTS = 3;
// A realistic long draft, so each save writes several pages.
const FILLER = 'Fresh sourdough every morning at our Paddington bakery. '.repeat(200);

/** The save number is written into the body, so the database says which save it holds. */
const bodyFor = (saveNumber: number) => `save #${saveNumber}\n${FILLER}`;
const saveNumberOf = (body: string) => Number(/^save #(\d+)/.exec(body)?.[1] ?? -1);

function integrityCheck(dataDir: string): string {
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('autosave survives the app being killed mid-burst', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-crash-'));
  let host: WebHostProcess | null = null;
  afterAll(async () => {
    await host?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged save through ${CRASHES} SIGKILLs`, async () => {
    const ids = Array.from({ length: DRAFTS }, () => randomUUID());
    const acknowledged = new Map<string, number>();
    let saveNumber = 0;
    let savesAcknowledged = 0;

    host = await startWebHost({ dataDir });
    for (let crash = 1; crash <= CRASHES; crash++) {
      const ipc = await connectIpc(host.url);
      // Each draft autosaves in a loop, one save in flight at a time, as the renderer does.
      let killed = false;
      const bursts = ids.map(async (id) => {
        while (!killed) {
          const n = ++saveNumber;
          const result = await ipc.invoke('drafts.save', {
            id,
            body: bodyFor(n),
            targets: [{ platform: 'x', text: null, title: null }],
          });
          if (!result.ok) return; // the socket died with the host: this save's fate is unknown
          acknowledged.set(id, n);
          savesAcknowledged++;
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 30 + Math.floor(Math.random() * 120)));
      killed = true;
      await host.kill('SIGKILL');
      await Promise.all(bursts);
      await ipc.close();

      host = await startWebHost({ dataDir });
      expect(integrityCheck(dataDir), `integrity after crash ${crash}`).toBe('ok');
      const check = await connectIpc(host.url);
      for (const id of ids) {
        const acked = acknowledged.get(id);
        if (acked === undefined) continue;
        const stored = await check.invoke('drafts.get', { id });
        expect(stored.ok, `draft present after crash ${crash}`).toBe(true);
        if (stored.ok) {
          // A save sent but not acknowledged before the kill may or may not have landed; an
          // acknowledged one must have.
          expect(saveNumberOf(stored.value.body)).toBeGreaterThanOrEqual(acked);
        }
      }
      await check.close();
    }
    expect(savesAcknowledged).toBeGreaterThan(CRASHES);
    console.log(`crash test: ${CRASHES} kills, ${savesAcknowledged} acknowledged saves, all present`);
  }, 180_000);
});
