/**
 * Sends the owner to a web page in their own browser (Stripe checkout, an OAuth consent page,
 * a published post), or shows them a folder on their computer. Electron backs it with
 * `shell.openExternal` behind the allow-list and `shell.openPath`; the browser host prints the
 * address or the path (tests read it from there and play the owner's browser).
 */
export interface Shell {
  /** Resolves to false when the URL was refused or the browser could not be asked. */
  openExternal(url: string): Promise<boolean>;
  /** Opens a local folder in the system's file manager; false when that failed. */
  openPath(folder: string): Promise<boolean>;
}
