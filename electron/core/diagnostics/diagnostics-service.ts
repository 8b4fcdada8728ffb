import os from 'node:os';
import path from 'node:path';
import { redact } from '../logging/redact';
import { CoreError } from '../errors';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { SaveDialog } from '../ports/save-dialog';
import type { Shell } from '../ports/shell';
import { compactUtcStamp } from '../backups/backup-names';
import { readRecentLogs } from './read-recent-logs';
import { writeDiagnosticsZip, type DiagnosticsEntry } from './write-diagnostics-zip';

/** What the app knows about itself for a support request; no content of posts, no secrets. */
export type AppFacts = Record<string, unknown>;

/** The facts every diagnostics zip has about the computer and the runtime. */
export function systemFacts(): Record<string, unknown> {
  return {
    os: { platform: process.platform, type: os.type(), release: os.release(), version: os.version(), arch: process.arch },
    // node, v8, and in Electron also electron and chrome.
    runtime: Object.fromEntries(
      Object.entries(process.versions).filter(([name]) => ['node', 'v8', 'electron', 'chrome', 'sqlite', 'modules'].includes(name)),
    ),
    memory: { totalMb: Math.round(os.totalmem() / 1048576), freeMb: Math.round(os.freemem() / 1048576) },
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

/**
 * Settings → Diagnostics: "Export diagnostics" (a zip of recent logs and `about.json`, every
 * line masked) and "Open logs folder".
 */
export class DiagnosticsService {
  constructor(
    private readonly options: {
      logsFolder: string;
      appFacts: () => Promise<AppFacts>;
      saveDialog: SaveDialog;
      shell: Shell;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** Builds the zip's entries (exported for tests and for the lead's end-to-end leak check). */
  async entries(): Promise<DiagnosticsEntry[]> {
    const now = this.options.clock.now();
    const about = {
      exportedAt: new Date(now).toISOString(),
      ...(await this.options.appFacts()),
      system: systemFacts(),
    };
    const logs = readRecentLogs(this.options.logsFolder);
    return [
      { name: 'about.json', text: `${JSON.stringify(redact(about), null, 2)}\n` },
      ...logs.map((log) => ({ name: `logs/${log.name}`, text: log.text })),
    ];
  }

  /** Asks where to save, then writes the zip there; null when the owner cancelled. */
  async export(): Promise<string | null> {
    const now = this.options.clock.now();
    const chosen = await this.options.saveDialog.chooseSavePath({
      title: 'Save diagnostics',
      defaultFileName: `agencyiq-diagnostics-${compactUtcStamp(now)}.zip`,
      extension: 'zip',
    });
    if (chosen === null) return null;
    const target = path.resolve(chosen);
    try {
      await writeDiagnosticsZip(target, await this.entries(), new Date(now));
    } catch (error) {
      this.options.logger.error('Diagnostics could not be written', { error: error instanceof Error ? error.message : String(error) });
      throw new CoreError('unavailable', `The diagnostics file could not be saved there. Try another folder.`);
    }
    this.options.logger.info('Diagnostics exported', { path: target });
    return target;
  }

  async openLogsFolder(): Promise<{ opened: boolean; folder: string }> {
    const folder = path.resolve(this.options.logsFolder);
    return { opened: await this.options.shell.openPath(folder), folder };
  }
}
