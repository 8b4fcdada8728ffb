import { describe, expect, it } from 'vitest';
import { chooseComputerName, prettyHostnameFrom } from '../../electron/core/licence/computer-name';

describe('the name the owner sees for this computer', () => {
  it('uses the OS’s friendly name where it has one', () => {
    expect(chooseComputerName({ platform: 'darwin', prettyName: 'Sam’s MacBook Air', hostname: 'sams-mbp.local' })).toBe('Sam’s MacBook Air');
    expect(chooseComputerName({ platform: 'linux', prettyName: null, hostname: 'bakery-office' })).toBe('bakery-office');
  });

  it('never shows a default host name like "vm" or "localhost"', () => {
    expect(chooseComputerName({ platform: 'linux', prettyName: null, hostname: 'vm' })).toBe('This Linux computer');
    expect(chooseComputerName({ platform: 'darwin', prettyName: '', hostname: 'localhost' })).toBe('This Mac');
    expect(chooseComputerName({ platform: 'win32', prettyName: null, hostname: '' })).toBe('This Windows PC');
  });

  it('reads PRETTY_HOSTNAME from /etc/machine-info, quoted or not', () => {
    expect(prettyHostnameFrom('CHASSIS=laptop\nPRETTY_HOSTNAME="Front counter laptop"\n')).toBe('Front counter laptop');
    expect(prettyHostnameFrom('PRETTY_HOSTNAME=Office\n')).toBe('Office');
    expect(prettyHostnameFrom('CHASSIS=vm\n')).toBeNull();
  });
});
