import { EMPTY_PROFILE, type Profile, type ProfileInput } from '@shared/ipc/profile-channels';
import type { Database } from '../db/schema';
import type { Clock } from '../ports/clock';

/** The one business profile ("brand") the drafts are written for. */
export class ProfileStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<Profile> {
    const row = await this.db.selectFrom('business_profile').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!row) return EMPTY_PROFILE;
    return {
      businessName: row.business_name,
      offering: row.offering,
      audience: row.audience,
      toneOfVoice: row.tone_of_voice,
      website: row.website,
      timeZone: row.time_zone,
      updatedAt: row.updated_at,
    };
  }

  async save(input: ProfileInput): Promise<Profile> {
    const values = {
      business_name: input.businessName,
      offering: input.offering,
      audience: input.audience,
      tone_of_voice: input.toneOfVoice,
      website: input.website,
      time_zone: input.timeZone,
      updated_at: this.clock.now(),
    };
    await this.db
      .insertInto('business_profile')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    return this.get();
  }
}
