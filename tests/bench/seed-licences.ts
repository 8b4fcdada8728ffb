import fs from 'node:fs';
import { SessionTokens } from '../../licence-server/auth/session-token';
import { openLicenceDb } from '../../licence-server/db/open-licence-db';
import { generateLicenceKey } from '../../licence-server/licence-key';

/**
 * Seeds `devices` activated devices (Professional licences, three seats each) into a fresh
 * licence-server SQLite file through the server's own migrations, and writes a bearer token per
 * device (minted with the server's session secret) to `tokensFile`. Run as a child of
 * licence-bench.ts so its garbage never counts in anyone's memory.
 */
async function seed(file: string, devices: number, secret: string, tokensFile: string): Promise<void> {
  const db = await openLicenceDb({ databaseUrl: null, sqlitePath: file });
  const now = Date.now();
  const tokens = new SessionTokens(secret, 24 * 60 * 60);
  const issued: string[] = [];
  await db.db.transaction().execute(async (trx) => {
    for (let i = 0; i < devices; i++) {
      const licenceId = `lic_bench${Math.floor(i / 3)}`;
      if (i % 3 === 0) {
        await trx
          .insertInto('licences')
          .values({
            id: licenceId,
            licence_key: generateLicenceKey(),
            stripe_subscription_id: `sub_bench${i}`,
            stripe_customer_id: `cus_bench${i}`,
            checkout_session_id: null,
            plan: 'professional',
            status: 'active',
            grace_until: null,
            cycle_anchor: now - 5 * 24 * 60 * 60 * 1000,
            created_at: now,
            updated_at: now,
            status_event_created: null,
            status_event_rank: null,
            status_event_id: null,
            sub_event_created: null,
            sub_event_rank: null,
            sub_event_id: null,
          })
          .execute();
      }
      const id = `dev_bench${String(i).padStart(6, '0')}`;
      // A real-looking 32-byte key per device (its hash goes into the lease).
      const publicKey = Buffer.alloc(32, i % 256).toString('base64url');
      await trx
        .insertInto('devices')
        .values({
          id,
          public_key: `${publicKey.slice(0, 36)}${String(i).padStart(7, '0')}`,
          key_hash: (i.toString(16).padStart(8, '0') + 'ab'.repeat(28)).slice(0, 64),
          name: `Bench device ${i}`,
          os: 'linux',
          created_at: now,
          last_seen_at: null,
          licence_id: licenceId,
          activated_at: now,
          deactivated_at: null,
        })
        .execute();
      issued.push(tokens.issue(id, now).token);
    }
  });
  await db.close();
  fs.writeFileSync(tokensFile, JSON.stringify(issued));
}

const [file, count, secret, tokensFile] = process.argv.slice(2);
if (!file || !count || !secret || !tokensFile) throw new Error('usage: seed-licences.ts FILE COUNT SECRET TOKENS_FILE');
await seed(file, Number(count), secret, tokensFile);
