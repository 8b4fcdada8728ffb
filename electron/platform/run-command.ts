import { execFile } from 'node:child_process';

/** What a small helper program answered; never a throw (missing program, timeout, non-zero exit). */
export interface CommandResult {
  ok: boolean;
  stdout: string;
}

/** Runs a helper program (dbus-send, xdg-mime) without a shell, bounded by `timeoutMs`. */
export type CommandRunner = (file: string, args: readonly string[], timeoutMs: number) => Promise<CommandResult>;

export const runCommand: CommandRunner = (file, args, timeoutMs) =>
  new Promise((resolve) => {
    execFile(file, [...args], { timeout: timeoutMs, windowsHide: true }, (error, stdout) => {
      resolve({ ok: error === null, stdout: String(stdout) });
    });
  });
