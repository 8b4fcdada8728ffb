import { z } from 'zod';
import { platformSchema } from '../domain/platform';
import { event, invoke } from './define';

/**
 * The writing assistant: any OpenAI-compatible chat endpoint. `hosted` needs the owner's API key
 * (kept in the vault; it goes in and never comes back: the renderer only learns `hasKey`);
 * `local` is a server on the owner's computer (Ollama, LM Studio, llama.cpp) that needs none.
 */
export const assistantProviderKindSchema = z.enum(['hosted', 'local']);
export type AssistantProviderKind = z.infer<typeof assistantProviderKindSchema>;

const baseUrlSchema = z
  .string()
  .max(500)
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value), { message: 'The address must start with http:// or https://' });

export const assistantSettingsSchema = z.strictObject({
  /** False until the owner has set a provider up: nothing is ever sent before that. */
  configured: z.boolean(),
  kind: assistantProviderKindSchema,
  baseUrl: z.string(),
  /** Empty until one is chosen. */
  model: z.string(),
  /** Whether a key is kept in the vault; the key itself never crosses IPC. */
  hasKey: z.boolean(),
});
export type AssistantSettings = z.infer<typeof assistantSettingsSchema>;

export const assistantSaveRequestSchema = z.strictObject({
  kind: assistantProviderKindSchema,
  baseUrl: baseUrlSchema,
  model: z.string().max(200),
  /** A new key (write-only); `null` forgets the kept key; absent keeps it as it is. */
  apiKey: z.string().trim().min(1).max(500).nullable().optional(),
});

/** The renderer's id for one streaming request, so chunks and Stop find it. */
const requestIdSchema = z.uuid();

export const assistantVariantSchema = z.strictObject({
  platform: platformSchema,
  text: z.string(),
  /** Counted as the platform counts it (X by weighted length). */
  count: z.number().int(),
  max: z.number().int(),
  /** Over the platform's limit: shown with its count, never put in a post silently. */
  over: z.boolean(),
});
export type AssistantVariant = z.infer<typeof assistantVariantSchema>;

export const assistantIdeaSchema = z.strictObject({
  title: z.string(),
  whyNow: z.string(),
  platforms: z.array(platformSchema),
  /** The suggested day, YYYY-MM-DD in the business's zone. */
  day: z.string(),
});
export type AssistantIdea = z.infer<typeof assistantIdeaSchema>;

export const calendarDaySchema = z.strictObject({
  /** YYYY-MM-DD where the business is. */
  date: z.string(),
  name: z.string(),
  kind: z.enum(['public_holiday', 'school', 'season']),
});
export type CalendarDaySuggestion = z.infer<typeof calendarDaySchema>;

export const localCalendarSchema = z.strictObject({
  /** Where the business is (from the profile, else its time zone's state); null: no holidays known. */
  place: z.strictObject({ country: z.string(), region: z.string(), label: z.string() }).nullable(),
  today: z.string(),
  days: z.array(calendarDaySchema),
  /** The shipped school terms for the place's state: where they come from, and whether they have run out. */
  schoolTerms: z
    .strictObject({
      status: z.enum(['current', 'past_last_date', 'not_included']),
      stateName: z.string(),
      lastDate: z.string(),
      source: z.strictObject({ title: z.string(), url: z.string() }).nullable(),
      notice: z.string().nullable(),
    })
    .nullable(),
});
export type LocalCalendar = z.infer<typeof localCalendarSchema>;

const writeRequestFields = { prompt: z.string().trim().min(1).max(2_000), text: z.string().max(70_000).default('') };
const rewriteRequestFields = { text: z.string().trim().min(1).max(70_000), platforms: z.array(platformSchema).min(1).max(5) };

/** What one request would send, for the owner to see before sending it. */
export const assistantPreviewRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('write'), ...writeRequestFields }),
  z.strictObject({ kind: z.literal('rewrite'), ...rewriteRequestFields }),
  z.strictObject({ kind: z.literal('ideas') }),
  z.strictObject({ kind: z.literal('altText'), attachmentId: z.uuid() }),
]);
export type AssistantPreviewRequest = z.infer<typeof assistantPreviewRequestSchema>;
export const assistantPreviewSchema = z.strictObject({
  /** The endpoint's address; null until a provider is set up (then nothing can be sent). */
  to: z.string().nullable(),
  model: z.string(),
  /** The chat messages exactly as they would be sent. */
  messages: z.array(z.strictObject({ role: z.enum(['system', 'user']), content: z.string() })),
});
export type AssistantPreview = z.infer<typeof assistantPreviewSchema>;

export const assistantChannels = {
  'assistant.settings': invoke(z.strictObject({}), assistantSettingsSchema),
  'assistant.saveSettings': invoke(assistantSaveRequestSchema, assistantSettingsSchema),
  /** Asks the endpoint for its models with the settings as saved; answers in a plain sentence either way. */
  'assistant.testConnection': invoke(z.strictObject({}), z.strictObject({ ok: z.boolean(), message: z.string(), models: z.array(z.string()) })),
  'assistant.models': invoke(z.strictObject({}), z.strictObject({ models: z.array(z.string()) })),
  /**
   * Writes (or rewrites `text`) from a one-line prompt, streaming `assistant.chunk` events while it
   * runs; answers once it ends with everything that arrived. Stopped: exactly the text that had
   * arrived. A failure is an error answer with a plain sentence.
   */
  'assistant.write': invoke(
    z.strictObject({ requestId: requestIdSchema, ...writeRequestFields }),
    z.strictObject({ outcome: z.enum(['finished', 'stopped']), text: z.string() }),
  ),
  'assistant.stop': invoke(z.strictObject({ requestId: requestIdSchema }), z.strictObject({ stopped: z.boolean() })),
  /** One variant per network, each counted against that network's limit. */
  'assistant.rewrite': invoke(
    z.strictObject(rewriteRequestFields),
    z.strictObject({ variants: z.array(assistantVariantSchema) }),
  ),
  /** "Ideas for the next two weeks" from the business profile. */
  'assistant.ideas': invoke(z.strictObject({}), z.strictObject({ ideas: z.array(assistantIdeaSchema) })),
  /**
   * Alt text suggested for an attached picture (sent made smaller, as an image content part) for
   * the owner to accept or edit; nothing is saved. A model that takes no pictures says so plainly.
   */
  'assistant.altText': invoke(z.strictObject({ attachmentId: z.uuid() }), z.strictObject({ text: z.string() })),
  /** Exactly what `write`, `rewrite`, `ideas` or `altText` would send (the profile fields and the text); sends nothing. */
  'assistant.preview': invoke(assistantPreviewRequestSchema, assistantPreviewSchema),
  /** Public holidays, school dates and seasonal hooks for the next `days` days where the business is; sends nothing. */
  'assistant.localCalendar': invoke(z.strictObject({ days: z.number().int().min(1).max(92) }), localCalendarSchema),
};

export const assistantEvents = {
  'assistant.chunk': event(z.strictObject({ requestId: requestIdSchema, text: z.string() })),
};
