import { DEFAULT_PREFERENCES, preferencesSchema, type Preferences } from '@shared/ipc/preferences-channels';
import type { Database } from '../db/schema';
import type { Clock } from '../ports/clock';

const KEY_PREFIX = 'preference.';

/**
 * The owner's Settings switches, one `settings` row each (`preference.<name>`, JSON value).
 * A row that no longer parses (older build, hand edit) falls back to its default.
 *
 * The switches are kept in memory after the first read: the notification router asks for them
 * on every publish, and this store is the only writer of these rows. The copy belongs to this
 * database — a backup restore builds a new store (openCore's `buildDomains`) that reads afresh.
 */
export class PreferencesStore {
  #cached: Promise<Preferences> | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /** What an unset (or unreadable) switch means; per host (`defaultPreferences`). */
    private readonly defaults: Preferences = DEFAULT_PREFERENCES,
  ) {}

  async get(): Promise<Preferences> {
    if (this.#cached === null) {
      const reading = this.#read();
      this.#cached = reading;
      // A failed read is not remembered: the next call reads again.
      reading.catch(() => {
        if (this.#cached === reading) this.#cached = null;
      });
    }
    return { ...(await this.#cached) };
  }

  async #read(): Promise<Preferences> {
    const rows = await this.db.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${KEY_PREFIX}%`).execute();
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        stored[row.key.slice(KEY_PREFIX.length)] = JSON.parse(row.value);
      } catch {
        // Unreadable: the default below stands.
      }
    }
    const merged: Record<string, unknown> = { ...this.defaults };
    for (const name of Object.keys(this.defaults) as (keyof Preferences)[]) {
      const one = preferencesSchema.shape[name].safeParse(stored[name]);
      if (one.success) merged[name] = one.data;
    }
    return merged as Preferences;
  }

  async update(changes: Partial<Preferences>): Promise<Preferences> {
    const now = this.clock.now();
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length > 0) {
      await this.db.transaction().execute(async (trx) => {
        for (const [name, value] of entries) {
          const row = { key: `${KEY_PREFIX}${name}`, value: JSON.stringify(value), updated_at: now };
          await trx
            .insertInto('settings')
            .values(row)
            .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: now }))
            .execute();
        }
      });
      // After the write committed: a read that started before it cannot be kept.
      this.#cached = null;
    }
    return this.get();
  }
}
