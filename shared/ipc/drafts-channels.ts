import { z } from 'zod';
import { platformSchema } from '../domain/platform';
import { youtubeSettingsSchema } from '../platforms/youtube-settings';
import { invoke } from './define';

export const MAX_BODY_LENGTH = 100_000;

const draftIdSchema = z.uuid();

/** One platform a draft will go to, with optional text that replaces the shared body there. */
export const draftTargetSchema = z.strictObject({
  platform: platformSchema,
  /** null: use the shared body. */
  text: z.string().max(MAX_BODY_LENGTH).nullable(),
  /** YouTube's video title; null elsewhere. */
  title: z.string().max(1_000).nullable(),
  /** YouTube's privacy and "notify subscribers"; absent: private, not notified. YouTube only. */
  youtube: youtubeSettingsSchema.optional(),
});
export type DraftTarget = z.infer<typeof draftTargetSchema>;

const targetsSchema = z
  .array(draftTargetSchema)
  .max(5)
  .refine((targets) => new Set(targets.map((t) => t.platform)).size === targets.length, {
    message: 'Each platform can be chosen once',
  })
  .refine((targets) => targets.every((t) => t.youtube === undefined || t.platform === 'youtube'), {
    message: 'YouTube settings belong to the YouTube target only',
  });

/** What autosave sends. The renderer makes the id, so a retried save is the same save. */
export const draftInputSchema = z.strictObject({
  id: draftIdSchema,
  body: z.string().max(MAX_BODY_LENGTH),
  targets: targetsSchema,
});
export type DraftInput = z.infer<typeof draftInputSchema>;

export const draftSchema = draftInputSchema.extend({
  revision: z.number().int().positive(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Draft = z.infer<typeof draftSchema>;

export const draftSummarySchema = z.strictObject({
  id: draftIdSchema,
  excerpt: z.string(),
  platforms: z.array(platformSchema),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type DraftSummary = z.infer<typeof draftSummarySchema>;

export const DRAFT_SORTS = ['updated_desc', 'updated_asc', 'created_desc', 'created_asc'] as const;
export type DraftSort = (typeof DRAFT_SORTS)[number];

export const draftListRequestSchema = z.strictObject({
  query: z.string().max(200).default(''),
  sort: z.enum(DRAFT_SORTS).default('updated_desc'),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type DraftListRequest = z.input<typeof draftListRequestSchema>;

export const draftListSchema = z.strictObject({
  items: z.array(draftSummarySchema),
  hasMore: z.boolean(),
});
export type DraftList = z.infer<typeof draftListSchema>;

const byId = z.strictObject({ id: draftIdSchema });

export const draftsChannels = {
  'drafts.list': invoke(draftListRequestSchema, draftListSchema),
  'drafts.get': invoke(byId, draftSchema),
  'drafts.save': invoke(
    draftInputSchema,
    z.strictObject({ id: draftIdSchema, revision: z.number().int(), updatedAt: z.number().int() }),
  ),
  'drafts.duplicate': invoke(byId, draftSchema),
  /** Moves the draft to the bin; `drafts.restore` undoes it. */
  'drafts.delete': invoke(byId, z.strictObject({ id: draftIdSchema, deletedAt: z.number().int() })),
  'drafts.restore': invoke(byId, draftSchema),
};
