import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import packageJson from '../../package.json';
import { openCore } from '../core/open-core';
import { ensurePrivateFolder } from '../core/security/private-files';
import { openFileKeySecretStore } from '../core/vault/aes-gcm-secret-store';
import { createDispatcher } from '../ipc/dispatcher';
import { createConsoleLogger } from './console-logger';
import type { SaveDialog } from '../core/ports/save-dialog';
import type { Shell } from '../core/ports/shell';
import { OPEN_EXTERNAL_PREFIX, OPEN_FOLDER_PREFIX } from './open-external-line';
import { HostArgsError, parseHostArgs } from './parse-host-args';
import { startWebHost } from './web-host-server';

// Bundled to out/web-host/main.cjs; the renderer is built to out/renderer.
const OUT_DIR = path.resolve(__dirname, '..');
/** The core's background worker, bundled next to this file (build/bundle.mjs). */
const BACKGROUND_WORKER_FILE = path.join(__dirname, 'background-worker.cjs');

/**
 * The browser host cannot open the owner's browser for them; it prints the address instead.
 * End-to-end tests read this line and play the owner's browser with it.
 */
const printingShell: Shell = {
  openExternal: async (url) => {
    process.stdout.write(`${OPEN_EXTERNAL_PREFIX}${url}\n`);
    return true;
  },
  openPath: async (folder) => {
    process.stdout.write(`${OPEN_FOLDER_PREFIX}${folder}\n`);
    return true;
  },
};

/** No save dialog in a browser tab: the diagnostics zip goes to `<data folder>/diagnostics/`. */
function dataFolderSaveDialog(dataDir: string): SaveDialog {
  return {
    chooseSavePath: async ({ defaultFileName }) => {
      const folder = path.join(dataDir, 'diagnostics');
      fs.mkdirSync(folder, { recursive: true });
      return path.join(folder, defaultFileName);
    },
  };
}

async function main(): Promise<void> {
  const args = parseHostArgs(process.argv.slice(2));
  // Before the log file makes it: the data folder is owner-only (0700 on POSIX).
  ensurePrivateFolder(args.dataDir);
  const logsFolder = path.join(args.dataDir, 'logs');
  const logger = createConsoleLogger({ logFile: path.join(logsFolder, 'main.log') });
  const core = await openCore({
    dataDir: args.dataDir,
    logger,
    host: 'browser',
    version: packageJson.version,
    // No OS keyring here: a key file in the data folder, and the UI says tokens are file-protected.
    secretStore: openFileKeySecretStore(path.join(args.dataDir, 'browser-host.key')),
    shell: printingShell,
    env: process.env,
    logsFolder,
    saveDialog: dataFolderSaveDialog(args.dataDir),
    // No notifier: notifications appear in the window as toasts.
    // A development tool: tests run their own licence server with its own signing key.
    allowDevOverrides: true,
    backgroundWorkerFile: BACKGROUND_WORKER_FILE,
  });
  const host = await startWebHost({
    dispatch: createDispatcher(core.handlers, logger),
    rendererDir: path.join(OUT_DIR, 'renderer'),
    bridgeFile: path.join(OUT_DIR, 'web-host', 'bridge.js'),
    port: args.port,
    logger,
    subscribe: (listener) => core.events.subscribe(listener),
  });
  // The browser host has no OS to deliver `agencyiq://` links: paste one per line on stdin (the
  // end-to-end tests do the same when a page sends "the browser" back to the app).
  readline.createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
    const link = line.trim();
    if (link !== '') void core.openDeepLink(link);
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
