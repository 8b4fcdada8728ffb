import { open } from 'node:fs/promises';
import { unreadableRefused } from './media-errors';

/** ISO 32000 §7.5.5: the file's last line holds `%%EOF`; writers may add a little after it, so the tail is searched. */
const TAIL_BYTES = 1024;

/**
 * A PDF is sniffed from its first bytes only; without a renderer in the tree, its end is the one
 * cheap sign that the whole file arrived (a download cut short, a half-copied file). Refused here
 * rather than by LinkedIn's processing hours later, after the post was scheduled.
 */
export async function checkPdfEnds(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(TAIL_BYTES, size);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    if (!tail.includes('%%EOF', 0, 'latin1')) throw unreadableRefused('PDF', 'it has no end marker; it may be cut short — save it again');
  } finally {
    await handle.close();
  }
}
