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

/** Parses `--data-dir DIR` and `--port N` (0 = any free port). */
export function parseHostArgs(argv: readonly string[]): HostArgs {
  const args: HostArgs = { dataDir: defaultDataDir(), port: 5199 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--data-dir' && value) {
      args.dataDir = path.resolve(value);
      i++;
    } else if (flag === '--port' && value && /^\d{1,5}$/.test(value) && Number(value) <= 65535) {
      args.port = Number(value);
      i++;
    } else {
      throw new HostArgsError(`Did not understand "${flag}". Usage: npm run web -- [--data-dir DIR] [--port N]`);
    }
  }
  return args;
}
