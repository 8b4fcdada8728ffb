import { AesGcmSecretStore } from '../../electron/core/vault/aes-gcm-secret-store';
import type { DevOverridePolicy } from '../../electron/core/config/dev-overrides';
import { silentLogger, type Logger } from '../../electron/core/ports/logger';
import type { Shell } from '../../electron/core/ports/shell';

/** An unpackaged host's policy (the browser host, tests): the environment's server and endpoint overrides count. */
export const UNPACKAGED: DevOverridePolicy = { allowDevOverrides: true, logger: silentLogger };

/** A fixed AES-256 key for tests: real encryption, reproducible across a restart in one test. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);

/** A real AES-256-GCM SecretStore with the test key. */
export function testSecretStore(): AesGcmSecretStore {
  return new AesGcmSecretStore(TEST_SECRET_KEY);
}

/** A Shell that records what the app asked the browser (or file manager) to open, instead of opening it. */
export interface RecordingShell extends Shell {
  readonly opened: string[];
  readonly openedFolders: string[];
}

export function recordingShell(): RecordingShell {
  const opened: string[] = [];
  const openedFolders: string[] = [];
  return {
    opened,
    openedFolders,
    openExternal: async (url) => {
      opened.push(url);
      return true;
    },
    openPath: async (folder) => {
      openedFolders.push(folder);
      return true;
    },
  };
}

/**
 * A logger that keeps every line (level, message, details as JSON — unredacted, so a test can
 * prove the core never hands a secret to its logger at all).
 */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string, details?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${details === undefined ? '' : JSON.stringify(details)}`);
  };
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
