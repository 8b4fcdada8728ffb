import os from 'node:os';
import path from 'node:path';
import type { BackgroundJobs } from '../background/background-thread';
import { redact } from '../logging/redact';
import { CoreError } from '../errors';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { SaveDialog } from '../ports/save-dialog';
import type { Shell } from '../ports/shell';
import { compactUtcStamp } from '../backups/backup-names';
import { diagnosticsEntries, type DiagnosticsEntry } from './write-diagnostics-zip';

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
 * line masked) and "Open logs folder". The facts are gathered here; reading, masking and zipping
 * up to 12 MB of logs is done by the background worker.
 */
export class DiagnosticsService {
  constructor(
    private readonly options: {
      logsFolder: string;
      appFacts: () => Promise<AppFacts>;
      background: BackgroundJobs;
      saveDialog: SaveDialog;
      shell: Shell;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** `about.json`: the app's and the computer's facts, masked. */
  async #about(now: number): Promise<string> {
    const about = {
      exportedAt: new Date(now).toISOString(),
      ...(await this.options.appFacts()),
      system: systemFacts(),
    };
    return `${JSON.stringify(redact(about), null, 2)}\n`;
  }

  /** Builds the zip's entries, on this thread (for tests and for the lead's end-to-end leak check). */
  async entries(): Promise<DiagnosticsEntry[]> {
    return diagnosticsEntries(await this.#about(this.options.clock.now()), this.options.logsFolder);
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
      const about = await this.#about(now);
      await this.options.background.run('writeDiagnosticsZip', { target, about, logsFolder: this.options.logsFolder, mtime: now });
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
