import fs from 'node:fs';

/** SQLite's companions of a database file; they hold the same data and get the same mode. */
const DATABASE_COMPANIONS = ['-wal', '-shm', '-journal'];

/**
 * The data folder holds the database (token ciphertext, the device key's ciphertext, the
 * owner's drafts): on POSIX only its owner may enter it (0700). Creates it if needed and
 * tightens a folder an earlier version made 0755; a folder already stricter is left alone.
 * Windows keeps per-user folders private with ACLs; a mode there only toggles read-only.
 */
export function ensurePrivateFolder(folder: string, platform: NodeJS.Platform = process.platform): void {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (platform !== 'win32') withoutGroupAndOthers(folder);
}

/**
 * Makes a database file owner-only (0600) before SQLite opens it — created empty if missing,
 * which SQLite treats as a new database — together with any `-wal`/`-shm`/`-journal` it has.
 * SQLite gives the companions it creates later the database file's own mode.
 */
export function ensurePrivateDatabaseFile(filePath: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return;
  fs.closeSync(fs.openSync(filePath, 'a', 0o600));
  for (const suffix of ['', ...DATABASE_COMPANIONS]) {
    if (fs.existsSync(filePath + suffix)) withoutGroupAndOthers(filePath + suffix);
  }
}

function withoutGroupAndOthers(target: string): void {
  const mode = fs.statSync(target).mode & 0o777;
  if ((mode & 0o077) !== 0) fs.chmodSync(target, mode & 0o700);
}
