import { z } from 'zod';
import { DEFAULT_TIME_ZONE, timeZoneSchema } from '../domain/time-zone';
import { invoke } from './define';

const websiteSchema = z
  .string()
  .max(500)
  .refine((value) => value === '' || /^https?:\/\/[^\s]+$/i.test(value), {
    message: 'Website must start with http:// or https://',
  });

/** What the owner tells us about their business; drafting uses it as the brand voice. */
export const profileInputSchema = z.strictObject({
  businessName: z.string().max(200),
  offering: z.string().max(2_000),
  audience: z.string().max(2_000),
  toneOfVoice: z.string().max(2_000),
  website: websiteSchema,
  timeZone: timeZoneSchema,
});
export type ProfileInput = z.infer<typeof profileInputSchema>;

export const profileSchema = profileInputSchema.extend({
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
  updatedAt: null,
};

export const profileChannels = {
  'profile.get': invoke(z.strictObject({}), profileSchema),
  'profile.save': invoke(profileInputSchema, profileSchema),
};
