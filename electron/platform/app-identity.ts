// Plain Node: who this copy of AgencyIQ is to the OS. An installed build and a development run
// (`npm start`, unpackaged) must never share a data folder, a keychain item, the single-instance
// lock or the deep-link scheme: otherwise both open one database at once and a development run
// steals the installed app's `agencyiq://` links.

/** electron-builder.yml's `appId`: the NSIS installer stamps it on the shortcuts as the AppUserModelID. */
export const PACKAGED_APP_ID = 'au.agencyiq.desktop';
/** The scheme registered with the OS by installed builds (electron-builder.yml `protocols`). */
export const PACKAGED_SCHEME = 'agencyiq';

export interface AppIdentity {
  /** `app.setName`: names the userData folder and, on macOS, the keychain item ("<name> Safe Storage"). */
  name: string;
  /** Windows notifications and the login item are attributed to this id. */
  appUserModelId: string;
  /** The `<scheme>://` links this copy registers for and accepts. */
  scheme: string;
}

export function appIdentity(isPackaged: boolean): AppIdentity {
  return isPackaged
    ? { name: 'AgencyIQ', appUserModelId: PACKAGED_APP_ID, scheme: PACKAGED_SCHEME }
    : { name: 'AgencyIQ Dev', appUserModelId: `${PACKAGED_APP_ID}.dev`, scheme: `${PACKAGED_SCHEME}-dev` };
}

/**
 * A link in this copy's scheme, rewritten to the `agencyiq://` form the core parses (the core
 * knows one grammar). Links in any other scheme come back unchanged, so the strict parser
 * refuses and logs them.
 */
export function toCoreLink(raw: string, scheme: string): string {
  const prefix = `${scheme}:`;
  if (scheme === PACKAGED_SCHEME || raw.slice(0, prefix.length).toLowerCase() !== prefix) return raw;
  return `${PACKAGED_SCHEME}:${raw.slice(prefix.length)}`;
}
