import { readFileSync } from 'node:fs';

/**
 * This computer's boot: it changes whenever the computer restarts (Linux's random boot id).
 *
 * The outbox stores it with each claim. A commit made without an fsync survives a crash of the
 * app (it is in the operating system's cache) and is lost only by a power cut or a system crash —
 * both of which restart the computer. So while the boot is the same, the outbox's unsynced
 * leaving marks are complete and can be trusted (recover-interrupted.ts).
 *
 * Null where no boot identity can be read (other systems): then every interrupted claim is
 * treated as possibly sent, which is always safe.
 */
export function currentBootIdentity(): string | null {
  if (cached !== undefined) return cached;
  try {
    const id = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    cached = /^[0-9a-f-]{32,40}$/i.test(id) ? id : null;
  } catch {
    cached = null;
  }
  return cached;
}

let cached: string | null | undefined;
