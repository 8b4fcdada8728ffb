import path from 'node:path';
import { expect, test } from 'vitest';
import { parseSandboxArgs } from '../sandbox/sandbox-args';

test('no arguments: a throwaway data folder, any free port, pages opened for a person', () => {
  expect(parseSandboxArgs([])).toEqual({ dataDir: null, port: 0, open: true });
});

test('--data-dir keeps the data in that folder, --port picks the port, --no-open only prints', () => {
  expect(parseSandboxArgs(['--data-dir', 'my-data', '--port', '5198', '--no-open'])).toEqual({ dataDir: path.resolve('my-data'), port: 5198, open: false });
});

test('anything else is refused with the usage line', () => {
  for (const argv of [['--port', '70000'], ['--port'], ['--data-dir'], ['--open-wide']]) {
    expect(() => parseSandboxArgs(argv), argv.join(' ')).toThrow(/Usage: npm run sandbox -- \[--data-dir DIR\] \[--port N\] \[--no-open\]/);
  }
});
