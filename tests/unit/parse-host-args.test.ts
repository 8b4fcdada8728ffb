import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostArgsError, parseHostArgs } from '../../electron/web-host/parse-host-args';

describe('npm run web arguments', () => {
  it('takes a data folder (made absolute) and a port, 0 meaning any free port', () => {
    expect(parseHostArgs(['--data-dir', 'my-data', '--port', '0'])).toEqual({ dataDir: path.resolve('my-data'), port: 0 });
    expect(parseHostArgs(['--port', '5200']).port).toBe(5200);
    expect(parseHostArgs([]).port).toBe(5199);
  });

  it('says what to type instead of guessing at anything else', () => {
    for (const argv of [['--port', '70000'], ['--port'], ['--data-dir'], ['--no-open'], ['--port', 'x']]) {
      expect(() => parseHostArgs(argv)).toThrow(HostArgsError);
    }
    expect(() => parseHostArgs(['--verbose'])).toThrow('Did not understand "--verbose". Usage: npm run web -- [--data-dir DIR] [--port N]');
  });
});
