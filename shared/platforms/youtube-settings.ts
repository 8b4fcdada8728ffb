import { z } from 'zod';

/** YouTube's `status.privacyStatus` values (videos.insert), most private first. */
export const YOUTUBE_PRIVACY = ['private', 'unlisted', 'public'] as const;
export type YouTubePrivacy = (typeof YOUTUBE_PRIVACY)[number];

/**
 * What the owner chooses per post for a YouTube upload: who can watch it, and whether YouTube tells
 * the channel's subscribers (the upload's `notifySubscribers` parameter).
 */
export const youtubeSettingsSchema = z.strictObject({
  privacy: z.enum(YOUTUBE_PRIVACY),
  notifySubscribers: z.boolean(),
});
export type YouTubeSettings = z.infer<typeof youtubeSettingsSchema>;

/** A video is public only when the owner says so, and nobody is notified unless asked. */
export const DEFAULT_YOUTUBE_SETTINGS: YouTubeSettings = { privacy: 'private', notifySubscribers: false };
