/**
 * Sends the owner to a web page in their own browser (Stripe checkout, an OAuth consent page,
 * a published post). Electron backs it with `shell.openExternal` behind the allow-list; the
 * browser host prints the address (tests read it from there and play the owner's browser).
 */
export interface Shell {
  /** Resolves to false when the URL was refused or the browser could not be asked. */
  openExternal(url: string): Promise<boolean>;
}
