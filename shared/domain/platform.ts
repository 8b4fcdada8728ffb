import { z } from 'zod';

/** The networks a post can target, in the order the UI lists them. */
export const PLATFORMS = ['facebook', 'instagram', 'linkedin', 'x', 'youtube'] as const;

export const platformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof platformSchema>;

/** Names an owner recognises; used wherever a platform is shown. */
export const PLATFORM_LABELS: Record<Platform, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  x: 'X',
  youtube: 'YouTube',
};
