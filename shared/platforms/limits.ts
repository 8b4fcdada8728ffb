import type { Platform } from '../domain/platform';
import { xWeightedLength } from './x-weighted-length';

/** A text field of a post on one platform, with how its length is counted and its cap. */
export interface TextLimit {
  field: 'text' | 'title';
  label: string;
  max: number;
  measure: (text: string) => number;
}

const codePoints = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

/** Documented limits per platform (see docs/platform-apis.md). */
export const PLATFORM_TEXT_LIMITS: Record<Platform, readonly TextLimit[]> = {
  facebook: [{ field: 'text', label: 'Post', max: 63_206, measure: codePoints }],
  instagram: [{ field: 'text', label: 'Caption', max: 2_200, measure: codePoints }],
  linkedin: [{ field: 'text', label: 'Post', max: 3_000, measure: codePoints }],
  x: [{ field: 'text', label: 'Post', max: 280, measure: xWeightedLength }],
  youtube: [
    { field: 'title', label: 'Title', max: 100, measure: codePoints },
    { field: 'text', label: 'Description', max: 5_000, measure: codePoints },
  ],
};

export interface FieldCount {
  field: 'text' | 'title';
  label: string;
  used: number;
  max: number;
  over: boolean;
}

/** Counts each field of a platform's text against that platform's limits. */
export function countPlatformText(
  platform: Platform,
  fields: { text: string; title: string },
): FieldCount[] {
  return PLATFORM_TEXT_LIMITS[platform].map((limit) => {
    const used = limit.measure(fields[limit.field]);
    return { field: limit.field, label: limit.label, used, max: limit.max, over: used > limit.max };
  });
}
