import { takeHostFlag } from '../../electron/web-host/parse-host-args';

export interface SandboxArgs {
  /** The app's data folder; null = a throwaway folder, removed when the sandbox stops. */
  dataDir: string | null;
  /** The browser host's port (0 = any free port). */
  port: number;
  /** Open pages in the system browser by itself (only ever when a person runs it in a terminal). */
  open: boolean;
}

export const SANDBOX_USAGE = 'Usage: npm run sandbox -- [--data-dir DIR] [--port N] [--no-open]';

/** Parses `--data-dir DIR`, `--port N` (the browser host's own) and `--no-open`; throws with the usage line otherwise. */
export function parseSandboxArgs(argv: readonly string[]): SandboxArgs {
  const args: SandboxArgs = { dataDir: null, port: 0, open: true };
  for (let i = 0; i < argv.length; ) {
    const taken = takeHostFlag(argv, i, args);
    if (taken > 0) {
      i += taken;
    } else if (argv[i] === '--no-open') {
      args.open = false;
      i += 1;
    } else {
      throw new Error(`Did not understand "${argv[i]}". ${SANDBOX_USAGE}`);
    }
  }
  return args;
}
