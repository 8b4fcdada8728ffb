import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { redactString } from '../logging/redact';
import { readRecentLogs } from './read-recent-logs';

export interface DiagnosticsEntry {
  /** Path inside the zip, e.g. `logs/main.log`. */
  name: string;
  text: string;
}

/** The zip's entries: `about.json` (the app's facts, as text) and the recent logs under `logs/`. */
export function diagnosticsEntries(about: string, logsFolder: string): DiagnosticsEntry[] {
  return [{ name: 'about.json', text: about }, ...readRecentLogs(logsFolder).map((log) => ({ name: `logs/${log.name}`, text: log.text }))];
}

/**
 * Every line is masked again here, whatever the logger already did: a log written by an older
 * build, a line that arrived before redaction was set up, or a fact copied in from elsewhere
 * must not carry a secret into a file the owner emails to support.
 */
export function redactLines(text: string): string {
  return text
    .split('\n')
    .map((line) => redactString(line))
    .join('\n');
}

/**
 * Writes the entries, redacted line by line, as a zip at `target`. The zip is written beside it
 * first and renamed into place, so a failure never leaves a half-written file under that name.
 */
export async function writeDiagnosticsZip(target: string, entries: readonly DiagnosticsEntry[], mtime: Date): Promise<void> {
  const partial = `${target}.partial`;
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(Buffer.from(redactLines(entry.text), 'utf8'), entry.name, { mtime });
  zip.end();
  try {
    await pipeline(zip.outputStream, fs.createWriteStream(partial));
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
