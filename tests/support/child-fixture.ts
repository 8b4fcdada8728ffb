import path from 'node:path';
import { build } from 'esbuild';
import { backgroundWorkerFile } from './background-worker-file';

/**
 * Bundles `tests/integration/fixtures/<name>.ts` — a script that runs the real core in a child
 * process the test can SIGKILL — into one CommonJS file; resolves with its path for `fork`.
 * better-sqlite3 and sharp stay external (they are native). The core's background worker is
 * built beside it, where the child finds it (`background-worker.cjs` next to `__dirname`).
 */
export async function buildChildFixture(name: string): Promise<string> {
  const outfile = path.resolve(import.meta.dirname, `../../out/test-fixtures/${name}.cjs`);
  await build({
    entryPoints: [path.resolve(import.meta.dirname, `../integration/fixtures/${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['better-sqlite3', 'sharp'],
    logLevel: 'warning',
  });
  backgroundWorkerFile(path.dirname(outfile));
  return outfile;
}
