import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCore } from '../../electron/core/open-core';
import { silentLogger } from '../../electron/core/ports/logger';
import { AesGcmSecretStore } from '../../electron/core/vault/aes-gcm-secret-store';
import { billingPeriod, createLeaseSigner } from '../support/lease-signer';
import { seedConnection, seedLease, seedScheduledPost } from '../support/publishing-fixture';
import { BENCH_SECRET_KEY, PUBLISH_BENCH_PLATFORMS } from './publish-bench-data';

/**
 * Run as a child of publish-bench.ts (so seeding's garbage does not count in the bench's memory):
 * opens the real core on DIR without adapters and with timers that never fire (the engine must
 * not move while the outbox is filled), signs a lease allowing COUNT posts, connects Facebook,
 * LinkedIn and X, and schedules COUNT one-target posts due now, round-robin over the three, plus
 * WARM warm-up posts (their bodies start with `Warm`; the bench child moves the others' time).
 * Prints the lease's public key (the bench passes it as AGENCYIQ_LICENCE_PUBLIC_KEY).
 */
async function seed(dataDir: string, count: number, warm: number): Promise<void> {
  const signer = createLeaseSigner();
  const now = Date.now();
  const core = await openCore({
    dataDir,
    logger: silentLogger,
    host: 'browser',
    version: '0.0.0-bench',
    secretStore: new AesGcmSecretStore(BENCH_SECRET_KEY),
    shell: { openExternal: async () => true, openPath: async () => true },
    env: { AGENCYIQ_LICENCE_SERVER_URL: 'http://127.0.0.1:9', AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw },
    logsFolder: path.join(dataDir, 'logs'),
    saveDialog: { chooseSavePath: async () => null },
    allowDevOverrides: true,
    // Built beside this bundle (build/bundle.mjs bench).
    backgroundWorkerFile: fileURLToPath(new URL('./background-worker.mjs', import.meta.url)),
    platformAdapters: {},
    timers: { setTimeout: () => null, clearTimeout: () => {} },
  });
  const { sqlite } = core.database;
  await seedLease(sqlite, signer, now, { postsPerCycle: count + warm, ...billingPeriod(now - 86_400_000) }, new AesGcmSecretStore(BENCH_SECRET_KEY));
  const connections: Array<{ platform: (typeof PUBLISH_BENCH_PLATFORMS)[number]; connectionId: string }> = [];
  for (const platform of PUBLISH_BENCH_PLATFORMS) connections.push({ platform, connectionId: await seedConnection(core.connections.store, platform) });
  sqlite.transaction(() => {
    for (let i = 0; i < warm; i++) {
      seedScheduledPost(sqlite, { body: `Warm post ${i}: fresh loaves at 7am https://paddo.example.com/w${i}`, scheduledAt: now, targets: [connections[i % connections.length]!] });
    }
    for (let i = 0; i < count; i++) {
      seedScheduledPost(sqlite, { body: `Bench post ${i}: fresh loaves at 7am https://paddo.example.com/${i}`, scheduledAt: now, targets: [connections[i % connections.length]!] });
    }
  })();
  await core.close();
  process.stdout.write(`${signer.publicKeyRaw}\n`);
}

const [dir, count, warm] = process.argv.slice(2);
if (!dir || !count) throw new Error('usage: seed-publish.ts DIR COUNT [WARM]');
await seed(dir, Number(count), Number(warm ?? 0));
