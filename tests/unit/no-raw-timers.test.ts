import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Every delayed call of the core goes through the Timers port, so its tests fire timers by hand
// and never fake the globals. The lint rule enforces it while editing; this test fails if the
// rule is weakened, and scans the tree itself so a disabled rule cannot hide a raw timer.
const CORE = path.join(process.cwd(), 'electron/core');
const PORT_IMPLEMENTATION = path.join(CORE, 'ports/timers.ts');
/** A call of Node's timer functions themselves, not of a `timers.setTimeout` port method. */
const RAW_TIMER_CALL = /(?<![.\w$])(?:globalThis\.|global\.)?set(?:Timeout|Interval|Immediate)\s*\(/;

function coreFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return coreFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const eslint = new ESLint({ cwd: process.cwd() });
async function timerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => ['no-restricted-globals', 'no-restricted-properties', '@typescript-eslint/no-restricted-imports'].includes(m.ruleId ?? ''))
    .map((m) => m.message);
}

describe('timers in the core', () => {
  it('are called only in the Timers port implementation', () => {
    const offenders = coreFiles(CORE)
      .filter((file) => file !== PORT_IMPLEMENTATION)
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ line, at: `${path.relative(process.cwd(), file)}:${index + 1}` }))
          .filter(({ line }) => RAW_TIMER_CALL.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it.each([
    'setTimeout(() => {}, 10);\n',
    'const t = setInterval(() => {}, 10);\nclearInterval(t);\n',
    'setImmediate(() => {});\n',
    'globalThis.setTimeout(() => {}, 10);\n',
    "import { setTimeout as sleep } from 'node:timers/promises';\nawait sleep(10);\n",
  ])('are refused by the lint rule in the core: %s', async (code) => {
    expect(await timerErrors('electron/core/licence/example.ts', code)).not.toHaveLength(0);
  });

  it('are allowed in the port implementation and outside the core', async () => {
    expect(await timerErrors('electron/core/ports/timers.ts', 'setTimeout(() => {}, 10);\n')).toEqual([]);
    expect(await timerErrors('electron/platform/example.ts', 'setTimeout(() => {}, 10);\n')).toEqual([]);
  });

  it('calls through the port are not mistaken for raw ones', () => {
    expect(RAW_TIMER_CALL.test('this.deps.timers.setTimeout(() => {}, 5)')).toBe(false);
    expect(RAW_TIMER_CALL.test('const t = setTimeout(() => {}, 5)')).toBe(true);
  });
});
