import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ENTRY = path.resolve(import.meta.dirname, '../../electron/core/background/background-worker.ts');
const OUT_DIR = path.resolve(import.meta.dirname, '../../out/test-fixtures');
let built: string | null = null;

/**
 * The core's background worker, bundled from the TypeScript source the tests import (a worker
 * thread runs plain JavaScript, not Vitest's transform), like build/bundle.mjs does for the
 * hosts. Built once per test process; written beside and renamed, so test files building it at
 * the same time never load a half-written file. `dir` puts it next to a child fixture's bundle.
 */
export function backgroundWorkerFile(dir = OUT_DIR): string {
  const target = path.join(dir, 'background-worker.cjs');
  if (built === target && fs.existsSync(target)) return target;
  const result = buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['better-sqlite3', 'sharp'],
    write: false,
    logLevel: 'warning',
  });
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  fs.writeFileSync(partial, result.outputFiles[0]!.contents);
  fs.renameSync(partial, target);
  built = target;
  return target;
}
