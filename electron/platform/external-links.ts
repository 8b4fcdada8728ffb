import { shell } from 'electron';
import type { Logger } from '../core/ports/logger';
import { allowedExternalUrl } from '../core/security/external-url';

/**
 * The app's only way to send the owner's browser somewhere. Opens the URL when it passes the
 * allow-list (and opens the normalised form that was checked); otherwise logs and does nothing.
 * Resolves to whether the browser was asked to open it.
 */
export async function openExternalUrl(raw: unknown, logger: Logger): Promise<boolean> {
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

/** Shows a local folder (the logs) in the system's file manager; false when that failed. */
export async function openFolder(folder: string, logger: Logger): Promise<boolean> {
  const failure = await shell.openPath(folder);
  if (failure !== '') logger.warn('A folder could not be opened', { folder, error: failure });
  return failure === '';
}
