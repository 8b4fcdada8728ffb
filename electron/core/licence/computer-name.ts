import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';

/**
 * Host names a machine gets by default (a virtual machine's "vm", "localhost"), which tell the
 * owner nothing about which computer it is.
 */
const MEANINGLESS = /^(vm|localhost|localhost\.localdomain|ubuntu|debian|fedora|raspberrypi|computer|host|\d+(\.\d+){3})$/i;

const MAX_LENGTH = 80;

/**
 * The name the owner sees for this computer (Plan → devices): the OS's own friendly name where it
 * has one (macOS "Computer Name", Linux PRETTY_HOSTNAME), else the host name — unless that is a
 * default that says nothing, where it is "This Mac", "This Windows PC" or "This Linux computer".
 * Pure: the glue below reads the facts.
 */
export function chooseComputerName(facts: { platform: NodeJS.Platform; prettyName: string | null; hostname: string }): string {
  for (const candidate of [facts.prettyName, facts.hostname]) {
    const name = candidate?.trim() ?? '';
    if (name !== '' && !MEANINGLESS.test(name)) return name.slice(0, MAX_LENGTH);
  }
  if (facts.platform === 'darwin') return 'This Mac';
  if (facts.platform === 'win32') return 'This Windows PC';
  return 'This Linux computer';
}

/** PRETTY_HOSTNAME from /etc/machine-info (systemd's `hostnamectl --pretty`), if set. */
export function prettyHostnameFrom(machineInfo: string): string | null {
  const line = machineInfo.split('\n').find((entry) => entry.startsWith('PRETTY_HOSTNAME='));
  if (line === undefined) return null;
  const value = line.slice('PRETTY_HOSTNAME='.length).trim().replace(/^(["'])(.*)\1$/, '$2');
  return value === '' ? null : value;
}

async function prettyName(platform: NodeJS.Platform): Promise<string | null> {
  try {
    if (platform === 'darwin') {
      return await new Promise((resolve) =>
        execFile('scutil', ['--get', 'ComputerName'], { timeout: 2000 }, (error, stdout) => resolve(error ? null : stdout.trim() || null)),
      );
    }
    if (platform === 'linux') return prettyHostnameFrom(await fs.readFile('/etc/machine-info', 'utf8'));
  } catch {
    // No friendly name configured: the host name (or the plain description) is used.
  }
  return null;
}

/** This computer's friendly name, read from the OS. */
export async function friendlyComputerName(): Promise<string> {
  return chooseComputerName({ platform: process.platform, prettyName: await prettyName(process.platform), hostname: os.hostname() });
}
