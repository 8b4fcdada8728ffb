/** A newer version the update feed offers. */
export interface AvailableUpdate {
  version: string;
  /** Plain text, already stripped of markup; null when the feed has none. */
  releaseNotes: string | null;
}

/** How far a download is; the adapter reports it as often as the library does. */
export interface DownloadProgress {
  percent: number;
  bytesPerSecond: number;
  transferred: number;
  total: number;
}

/**
 * The app's own update feed. The Electron shell backs it with electron-updater
 * (`electron/platform/electron-updater-adapter.ts`); tests use a fake. The state machine in
 * `core/updates` decides when each call happens; the adapter never downloads or restarts by itself.
 */
export interface Updater {
  /** Asks the feed; resolves with the newer version, or null when this one is current. Rejects when the feed cannot be read. */
  check(): Promise<AvailableUpdate | null>;
  /** Downloads the update found by the last check; rejects when the download fails. */
  download(onProgress: (progress: DownloadProgress) => void): Promise<void>;
  /** Quits the app and installs the downloaded update. The process ends. */
  restartAndInstall(): void;
}
