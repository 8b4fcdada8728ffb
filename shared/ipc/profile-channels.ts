import { z } from 'zod';
import { DEFAULT_TIME_ZONE, timeZoneSchema } from '../domain/time-zone';
import { invoke } from './define';

const websiteSchema = z
  .string()
  .max(500)
  .refine((value) => value === '' || /^https?:\/\/[^\s]+$/i.test(value), {
    message: 'Website must start with http:// or https://',
  });

const placeOptionSchema = z.strictObject({ code: z.string(), name: z.string() });

/** What the owner tells us about their business; drafting uses it as the brand voice. */
export const profileInputSchema = z.strictObject({
  businessName: z.string().max(200),
  offering: z.string().max(2_000),
  audience: z.string().max(2_000),
  toneOfVoice: z.string().max(2_000),
  website: websiteSchema,
  timeZone: timeZoneSchema,
  /**
   * Where the business is, for its public and school holidays: a country code ('' = not set: the
   * Australian state its time zone names is used) and a state/region code ('' = the whole country).
   * Absent keeps what is saved. The core checks the pair against the places it has holidays for.
   */
  country: z.string().regex(/^([A-Z]{2})?$/, { message: 'Choose a country from the list' }).optional(),
  region: z.string().regex(/^[A-Z0-9-]{0,10}$/, { message: 'Choose a state or region from the list' }).optional(),
});
export type ProfileInput = z.infer<typeof profileInputSchema>;

export const profileSchema = profileInputSchema.extend({
  country: z.string(),
  region: z.string(),
  updatedAt: z.number().int().nullable(),
});
export type Profile = z.infer<typeof profileSchema>;

export const EMPTY_PROFILE: Profile = {
  businessName: '',
  offering: '',
  audience: '',
  toneOfVoice: '',
  website: '',
  timeZone: DEFAULT_TIME_ZONE,
  country: '',
  region: '',
  updatedAt: null,
};

export const profileChannels = {
  'profile.get': invoke(z.strictObject({}), profileSchema),
  'profile.save': invoke(profileInputSchema, profileSchema),
  /** The countries the owner can choose (Australia first) and the states/regions of `country`. */
  'profile.places': invoke(
    z.strictObject({ country: z.string().max(2) }),
    z.strictObject({ countries: z.array(placeOptionSchema), regions: z.array(placeOptionSchema) }),
  ),
};
