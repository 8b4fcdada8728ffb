import path from 'node:path';

export interface SandboxArgs {
  /** The app's data folder; null = a throwaway folder, removed when the sandbox stops. */
  dataDir: string | null;
  /** The browser host's port (0 = any free port). */
  port: number;
  /** Open pages in the system browser by itself (only ever when a person runs it in a terminal). */
  open: boolean;
}

export const SANDBOX_USAGE = 'Usage: npm run sandbox -- [--data-dir DIR] [--port N] [--no-open]';

/** Parses `--data-dir DIR`, `--port N` and `--no-open`; throws with the usage line otherwise. */
export function parseSandboxArgs(argv: readonly string[]): SandboxArgs {
  const args: SandboxArgs = { dataDir: null, port: 0, open: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--data-dir' && value) {
      args.dataDir = path.resolve(value);
      i++;
    } else if (flag === '--port' && value && /^\d{1,5}$/.test(value) && Number(value) <= 65535) {
      args.port = Number(value);
      i++;
    } else if (flag === '--no-open') {
      args.open = false;
    } else {
      throw new Error(`Did not understand "${flag}". ${SANDBOX_USAGE}`);
    }
  }
  return args;
}
