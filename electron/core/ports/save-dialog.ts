/**
 * Asks where to save a file the app made for the owner (the diagnostics zip). Electron shows
 * the system's save dialog; the browser host, which cannot, picks a path in its data folder.
 */
export interface SaveDialog {
  /** Resolves to the chosen path, or null when the owner cancelled. */
  chooseSavePath(options: { title: string; defaultFileName: string; extension: string }): Promise<string | null>;
}
