// The licence server's entry point: `npm run licence-server` (serve) or `… -- keygen <file>`.
import { flushCompileCache } from 'node:module';
import { buildServer } from './app';
import { ConfigError, parseConfig } from './config';
import { openLicenceDb } from './db/open-licence-db';
import { parseOAuthRelayConfig } from './oauth-relay/relay-config';
import { signingKeyOnFirstUse } from './signing/lease-signer';
import { keygen } from './signing/keygen';
import { openMediaStorage } from './staging/open-media-storage';
import { lazyStripeClient } from './stripe-client';

async function serve(): Promise<void> {
  const config = parseConfig(process.env);
  // Checked now; OpenSSL starts with the first lease signed (lease-signer.ts).
  const signingKey = signingKeyOnFirstUse(config.signingKey);
  const db = await openLicenceDb(config);
  const mediaStorage = await openMediaStorage(config.staging);
  const app = buildServer({
    mediaStorage,
    db,
    stripe: lazyStripeClient(config),
    clock: { now: () => Date.now() },
    signingKey,
    config,
    logger: { level: config.logLevel },
    oauthRelay: parseOAuthRelayConfig(process.env),
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'Licence server stopping');
    void app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // A deep accept queue: thousands of apps reconnecting at once (after an outage, behind a load
  // balancer) must queue, not see their SYNs dropped (the kernel caps it at net.core.somaxconn).
  const address = await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  app.log.info({ address, database: db.kind, publicUrl: config.publicUrl, mediaStorage: mediaStorage.kind }, 'Licence server listening');
  // Everything a start needs is compiled now: write it to the compile cache the launcher enabled
  // (out/licence-server/main.cjs, built by build/bundle.mjs), so the next start skips that work
  // even if this process is killed hard.
  flushCompileCache();
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'keygen') return keygen(rest[0], process.stdout);
  if (command !== undefined && command !== 'serve') throw new ConfigError(`Unknown command "${command}". Use: serve (default) or keygen <file>.`);
  return serve();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
