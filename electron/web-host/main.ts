import path from 'node:path';
import packageJson from '../../package.json';
import { openCore } from '../core/open-core';
import { createDispatcher } from '../ipc/dispatcher';
import { createConsoleLogger } from './console-logger';
import { HostArgsError, parseHostArgs } from './parse-host-args';
import { startWebHost } from './web-host-server';

// Bundled to out/web-host/main.cjs; the renderer is built to out/renderer.
const OUT_DIR = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const args = parseHostArgs(process.argv.slice(2));
  const logger = createConsoleLogger();
  const core = await openCore({ dataDir: args.dataDir, logger, host: 'browser', version: packageJson.version });
  const host = await startWebHost({
    dispatch: createDispatcher(core.handlers, logger),
    rendererDir: path.join(OUT_DIR, 'renderer'),
    bridgeFile: path.join(OUT_DIR, 'web-host', 'bridge.js'),
    port: args.port,
    logger,
  });
  process.stdout.write(`AgencyIQ is running at ${host.url}\nData folder: ${args.dataDir}\nPress Ctrl+C to stop.\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const message = error instanceof HostArgsError || error instanceof Error ? error.message : String(error);
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  process.stderr.write(
    inUse ? 'That port is already in use. Try another with --port N.\n' : `AgencyIQ could not start: ${message}\n`,
  );
  process.exit(1);
});
