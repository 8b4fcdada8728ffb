import { shell } from 'electron';
import type { Logger } from '../core/ports/logger';
import { openAllowedExternalUrl } from './external-link-opener';

/**
 * The app's only way to send the owner's browser somewhere: Electron's shell behind the
 * allow-list (`openAllowedExternalUrl`). Resolves to whether the browser was asked to open it.
 */
export function openExternalUrl(raw: unknown, logger: Logger): Promise<boolean> {
  return openAllowedExternalUrl(shell, raw, logger);
}

/** Shows a local folder (the logs) in the system's file manager; false when that failed. */
export async function openFolder(folder: string, logger: Logger): Promise<boolean> {
  const failure = await shell.openPath(folder);
  if (failure !== '') logger.warn('A folder could not be opened', { folder, error: failure });
  return failure === '';
}
