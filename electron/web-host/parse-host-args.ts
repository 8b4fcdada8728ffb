import os from 'node:os';
import path from 'node:path';

export interface HostArgs {
  dataDir: string;
  port: number;
}

/** A bad command line; the message says what to type instead. */
export class HostArgsError extends Error {}

/** Where the browser host keeps its data unless told otherwise: a per-user folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'AgencyIQ (web host)');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'AgencyIQ (web host)');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'agencyiq-web-host');
}

/**
 * Reads one of the host's own flags at `argv[i]` (`--data-dir DIR`, `--port N`; 0 = any free
 * port) into `into`; answers how many words it took, 0 when `argv[i]` is not one of them. The
 * sandbox's parser takes the same flags through it.
 */
export function takeHostFlag(argv: readonly string[], i: number, into: { dataDir: string | null; port: number }): number {
  const flag = argv[i];
  const value = argv[i + 1];
  if (flag === '--data-dir' && value) {
    into.dataDir = path.resolve(value);
    return 2;
  }
  if (flag === '--port' && value && /^\d{1,5}$/.test(value) && Number(value) <= 65535) {
    into.port = Number(value);
    return 2;
  }
  return 0;
}

/** Parses `--data-dir DIR` and `--port N` (0 = any free port). */
export function parseHostArgs(argv: readonly string[]): HostArgs {
  const args: HostArgs = { dataDir: defaultDataDir(), port: 5199 };
  for (let i = 0; i < argv.length; ) {
    const taken = takeHostFlag(argv, i, args);
    if (taken === 0) throw new HostArgsError(`Did not understand "${argv[i]}". Usage: npm run web -- [--data-dir DIR] [--port N]`);
    i += taken;
  }
  return args;
}
