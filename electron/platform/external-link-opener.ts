// No runtime Electron import: the security audit test drives this with a fake shell.
import type { Shell as ElectronShell } from 'electron';
import type { Logger } from '../core/ports/logger';
import { allowedExternalUrl } from '../core/security/external-url';

/** The part of Electron's `shell` the opener uses. */
export type ExternalOpener = Pick<ElectronShell, 'openExternal'>;

/**
 * Opens `raw` in the owner's browser when it passes the allow-list, and opens the normalised
 * form that was checked; otherwise logs and does nothing. Resolves to whether the browser was
 * asked to open it.
 */
export async function openAllowedExternalUrl(shell: ExternalOpener, raw: unknown, logger: Logger): Promise<boolean> {
  const url = allowedExternalUrl(raw);
  if (url === null) {
    logger.warn('Refused to open a link outside the allow-list', {
      url: typeof raw === 'string' ? raw.slice(0, 300) : typeof raw,
    });
    return false;
  }
  try {
    await shell.openExternal(url, { activate: true });
    return true;
  } catch (error) {
    logger.warn('The system browser could not open a link', {
      url,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}
