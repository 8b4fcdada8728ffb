import { z } from 'zod';
import { EMPTY_PROFILE, type Profile, type ProfileInput } from '@shared/ipc/profile-channels';
import type { Database } from '../db/schema';
import { CoreError } from '../errors';
import type { Clock } from '../ports/clock';
import { placeProblem } from './places';

// The business's place (country, state/region) is a `settings` row beside the profile table,
// written in the same transaction: no schema change, and it travels with backups like the rest.
const LOCATION_KEY = 'profile.location';
const storedLocationSchema = z.object({ country: z.string(), region: z.string() });
const NO_LOCATION = { country: '', region: '' };

/** The one business profile ("brand") the drafts are written for. */
export class ProfileStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<Profile> {
    const row = await this.db.selectFrom('business_profile').selectAll().where('id', '=', 1).executeTakeFirst();
    const location = await this.#location();
    if (!row) return { ...EMPTY_PROFILE, ...location };
    return {
      businessName: row.business_name,
      offering: row.offering,
      audience: row.audience,
      toneOfVoice: row.tone_of_voice,
      website: row.website,
      timeZone: row.time_zone,
      ...location,
      updatedAt: row.updated_at,
    };
  }

  /** A country/region pair the holidays library does not know is refused before anything is written. */
  async save(input: ProfileInput): Promise<Profile> {
    const saved = await this.#location();
    const location = { country: input.country ?? saved.country, region: input.region ?? (input.country === undefined ? saved.region : '') };
    const problem = placeProblem(location.country, location.region);
    if (problem !== null) throw new CoreError('invalid_request', problem);
    const now = this.clock.now();
    const values = {
      business_name: input.businessName,
      offering: input.offering,
      audience: input.audience,
      tone_of_voice: input.toneOfVoice,
      website: input.website,
      time_zone: input.timeZone,
      updated_at: now,
    };
    const value = JSON.stringify(location);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('business_profile')
        .values({ id: 1, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
      await trx
        .insertInto('settings')
        .values({ key: LOCATION_KEY, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
        .execute();
    });
    return this.get();
  }

  async #location(): Promise<{ country: string; region: string }> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', LOCATION_KEY).executeTakeFirst();
    if (row === undefined) return NO_LOCATION;
    try {
      const parsed = storedLocationSchema.safeParse(JSON.parse(row.value));
      // A place the library no longer knows reads as not set: the time zone's state is used instead.
      return parsed.success && placeProblem(parsed.data.country, parsed.data.region) === null ? parsed.data : NO_LOCATION;
    } catch {
      return NO_LOCATION;
    }
  }
}
