import type { Platform } from '../domain/platform';
import { PLATFORM_MEDIA_LIMITS, type MediaKind } from './media-limits';
import { PLATFORM_TEXT_LIMITS } from './limits';
import { xWeightedLength } from './x-weighted-length';

/**
 * How each network lays a post out in its feed, as pure rules the composer's preview draws.
 * Where the text is cut is the networks' own reading width, not an API contract: the figures
 * below are what their apps show today (feeds differ a little by screen), kept in one table so
 * a change is one number.
 */
interface TextFold {
  /** Characters shown before the fold. */
  chars: number;
  /** Lines shown before the fold (a line break ends a line early). */
  lines: number;
  /** The words the network puts at the cut. */
  more: string;
}

export const PREVIEW_FOLDS: Record<Platform, TextFold> = {
  facebook: { chars: 477, lines: 5, more: 'See more' },
  instagram: { chars: 125, lines: 2, more: 'more' },
  linkedin: { chars: 210, lines: 3, more: 'see more' },
  // X shows a post whole up to its 280 weighted limit; longer text is cut there.
  x: { chars: 280, lines: Number.POSITIVE_INFINITY, more: 'Show more' },
  youtube: { chars: 100, lines: 2, more: 'more' },
};

/** Instagram shows a picture no taller than 4:5 and no wider than 1.91:1; others are cropped to fit. */
export const INSTAGRAM_ASPECT = { min: 4 / 5, max: 1.91 } as const;
/** X shows up to four pictures as a grid. */
export const X_GRID_MAX = 4;

export interface PreviewMediaInput {
  id: string;
  kind: MediaKind;
  width: number | null;
  height: number | null;
}

export interface PreviewTile {
  id: string;
  kind: MediaKind;
  /** Width ÷ height the network shows it at; null when the file's size is unknown. */
  aspect: number | null;
  /** The network crops the picture to `aspect` (its own size does not fit). */
  cropped: boolean;
}

export type MediaArrangement = 'none' | 'single' | 'grid' | 'carousel' | 'video';

export interface LinkCard {
  url: string;
  host: string;
}

export interface PreviewLayout {
  platform: Platform;
  /** YouTube's title; null elsewhere. */
  title: string | null;
  /** The text as shown before the fold. */
  shown: string;
  /** Words at the cut ("… more"), or null when the whole text shows. */
  more: string | null;
  /** Instagram puts the first line beside the account name: what a scroller reads. */
  firstLine: string | null;
  arrangement: MediaArrangement;
  /** Tiles in the order the network shows them (carousel order, grid order). */
  tiles: PreviewTile[];
  /** Files beyond what the network shows on one post (not sent). */
  leftOut: number;
  /** A link's card, shown when the post has no media (networks show the card or the media). */
  linkCard: LinkCard | null;
  /** X's weighted count against 280; null elsewhere. */
  weighted: { used: number; max: number; over: boolean } | null;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/i;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** The first link in the text, as the networks make a card of it. */
export function firstLink(text: string): LinkCard | null {
  const match = URL_PATTERN.exec(text);
  if (!match) return null;
  const url = match[0].replace(TRAILING, '');
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return host ? { url, host } : null;
  } catch {
    return null;
  }
}

/** Cuts `text` at the fold: by lines first, then by characters (never inside a code point), at a word end when one is near. */
export function foldText(text: string, fold: TextFold, measure: (s: string) => number = countPoints): { shown: string; cut: boolean } {
  const trimmed = text.replace(/\s+$/, '');
  const lines = trimmed.split('\n');
  let shown = lines.length > fold.lines ? lines.slice(0, fold.lines).join('\n') : trimmed;
  let cut = shown.length < trimmed.length;
  if (measure(shown) > fold.chars) {
    const points = [...shown];
    // The longest head that fits: the measure only grows with length, so a binary search
    // keeps this cheap on every keystroke even for long text.
    let low = 0;
    let high = points.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (measure(points.slice(0, mid).join('')) <= fold.chars) low = mid;
      else high = mid - 1;
    }
    const end = low;
    let head = points.slice(0, end).join('');
    const space = head.search(/\s\S*$/);
    if (space > head.length * 0.8) head = head.slice(0, space);
    shown = head.replace(/\s+$/, '');
    cut = true;
  }
  return { shown, cut };
}

function countPoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function clampAspect(aspect: number, range: { min: number; max: number }): number {
  return Math.min(range.max, Math.max(range.min, aspect));
}

function tilesFor(platform: Platform, media: readonly PreviewMediaInput[]): { arrangement: MediaArrangement; tiles: PreviewTile[]; leftOut: number } {
  const limits = PLATFORM_MEDIA_LIMITS[platform];
  const videos = media.filter((m) => m.kind === 'video');
  const images = media.filter((m) => m.kind === 'image');
  const documents = media.filter((m) => m.kind === 'document');
  if (media.length === 0) return { arrangement: 'none', tiles: [], leftOut: 0 };
  let shown: PreviewMediaInput[];
  // A network that takes documents shows one on its own; elsewhere a document is never shown.
  if (limits.document !== null && media[0]!.kind === 'document') shown = documents.slice(0, 1);
  else if (platform === 'youtube') shown = videos.slice(0, 1);
  else if (!limits.mixesImagesAndVideo && videos.length > 0 && media[0]!.kind === 'video') shown = videos.slice(0, 1);
  else if (!limits.mixesImagesAndVideo) shown = images.slice(0, limits.maxImages);
  else shown = media.filter((m) => m.kind !== 'document').slice(0, limits.items.max);
  const natural = (m: PreviewMediaInput) => (m.width && m.height ? m.width / m.height : null);
  const tiles = shown.map((m, index): PreviewTile => {
    const own = natural(m);
    if (platform === 'instagram' && own !== null) {
      // A carousel shows every item at the first item's shape (Instagram crops the rest to it).
      const first = natural(shown[0]!) ?? own;
      const aspect = clampAspect(index === 0 ? own : first, INSTAGRAM_ASPECT);
      return { id: m.id, kind: m.kind, aspect, cropped: Math.abs(aspect - own) > 0.01 };
    }
    if (platform === 'x' && m.kind === 'image' && shown.length > 1) {
      // X's grid: two side by side are 7:8 each, the first of three is tall, four are 2×2 at 16:9.
      const aspect = shown.length === 2 || (shown.length === 3 && index === 0) ? 7 / 8 : 16 / 9;
      return { id: m.id, kind: m.kind, aspect, cropped: own === null || Math.abs(aspect - own) > 0.01 };
    }
    return { id: m.id, kind: m.kind, aspect: own, cropped: false };
  });
  const first = tiles[0];
  if (first === undefined) return { arrangement: 'none', tiles: [], leftOut: media.length };
  const arrangement: MediaArrangement =
    first.kind === 'video' && tiles.length === 1 ? 'video' : tiles.length === 1 ? 'single' : platform === 'x' ? 'grid' : 'carousel';
  return { arrangement, tiles, leftOut: media.length - tiles.length };
}

/** The post as `platform` lays it out: text to the fold, media in order and shape, link card, X's count. */
export function previewLayout(
  platform: Platform,
  post: { text: string; title: string },
  media: readonly PreviewMediaInput[],
): PreviewLayout {
  const fold = PREVIEW_FOLDS[platform];
  const measure = platform === 'x' ? xWeightedLength : countPoints;
  const { shown, cut } = foldText(post.text, fold, measure);
  const { arrangement, tiles, leftOut } = tilesFor(platform, media);
  const xLimit = PLATFORM_TEXT_LIMITS.x[0]!.max;
  const used = platform === 'x' ? xWeightedLength(post.text) : 0;
  return {
    platform,
    title: platform === 'youtube' ? post.title : null,
    shown,
    more: cut ? fold.more : null,
    firstLine: platform === 'instagram' ? (post.text.trimStart().split('\n')[0] ?? '').trim() || null : null,
    arrangement,
    tiles,
    leftOut,
    linkCard: tiles.length === 0 && platform !== 'instagram' && platform !== 'youtube' ? firstLink(post.text) : null,
    weighted: platform === 'x' ? { used, max: xLimit, over: used > xLimit } : null,
  };
}
