import { z } from 'zod';
import type { MediaItem, PublishSteps } from './platform-adapter';

/**
 * A media step as the adapters record it: what was done for one item, tied to the file it was
 * done for (its path and size), so a step recorded for an attachment the owner has since changed
 * is not reused. `expiresAt` (ms) when the platform gives uploaded ids a life.
 */
const stepSchema = z.object({
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  id: z.string().min(1),
  expiresAt: z.number().nullable(),
  /** How far it got: the platform's own phases (e.g. `appended:3`, `finalized`, `ready`). */
  phase: z.string(),
  /** Where the bytes go, when the platform names an upload address (LinkedIn's uploadUrl). */
  url: z.string().optional(),
  /** The id the finished upload will have, when the platform names it at the start (a Facebook Page video). */
  videoId: z.string().optional(),
});

export type MediaStep = z.infer<typeof stepSchema>;

/** The step recorded for `item` under `key`, or null if none, for another file, or expired by `now` (with a margin). */
export function readMediaStep(steps: PublishSteps | undefined, key: string, item: MediaItem, now: number, marginMs = 10 * 60_000): MediaStep | null {
  const raw = steps?.get(key);
  if (raw === null || raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const step = stepSchema.safeParse(parsed);
  if (!step.success) return null;
  if (step.data.file !== filePath(item) || step.data.bytes !== item.byteLength) return null;
  if (step.data.expiresAt !== null && step.data.expiresAt <= now + marginMs) return null;
  return step.data;
}

export async function writeMediaStep(steps: PublishSteps | undefined, key: string, step: MediaStep): Promise<void> {
  await steps?.record(key, JSON.stringify(step));
}

/** The local file of an item (uploading adapters take files, never URLs). */
export function filePath(item: MediaItem): string {
  return 'path' in item.source ? item.source.path : item.source.url;
}
