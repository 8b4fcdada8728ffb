import BetterSqlite3 from 'better-sqlite3';

/** How thoroughly to look: see `npm run bench -- backup` for what each costs. */
export type CheckDepth = 'quick' | 'full';

export type DatabaseFileCheck = { ok: true } | { ok: false; reason: string };

// SQLite's own words for "these bytes are not a sound database". Anything else (a locked file,
// no permission, a full disk) says nothing about the file and must not get it moved aside.
const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

/** True when `error` is SQLite saying the file itself is damaged. */
export function isDamageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DAMAGE_CODES.test(code);
}

/**
 * Opens a database file read-only and runs `PRAGMA quick_check` (b-tree structure, page and
 * record format, NOT NULL/CHECK) or `integrity_check` (also every index against its table).
 * Never writes to the file. Throws only for errors that are not about the file's content.
 */
export function checkDatabaseFile(filePath: string, depth: CheckDepth): DatabaseFileCheck {
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    sqlite = new BetterSqlite3(filePath, { readonly: true, fileMustExist: true });
    const rows = sqlite.pragma(depth === 'quick' ? 'quick_check(20)' : 'integrity_check(20)') as Array<Record<string, unknown>>;
    const messages = rows.map((row) => String(Object.values(row)[0]));
    if (messages.length === 1 && messages[0] === 'ok') return { ok: true };
    return { ok: false, reason: `The integrity check found problems: ${messages.slice(0, 3).join('; ')}` };
  } catch (error) {
    if (isDamageError(error)) {
      return { ok: false, reason: `SQLite cannot read it: ${error instanceof Error ? error.message : String(error)}` };
    }
    throw error;
  } finally {
    sqlite?.close();
  }
}
