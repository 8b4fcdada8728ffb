/**
 * X counts a post's length in weighted units (twitter-text v3 configuration): most Latin,
 * Greek, Cyrillic and punctuation code points weigh 1, everything else (CJK, emoji) weighs 2,
 * and every URL weighs 23 whatever its real length, because X wraps it in t.co.
 */
const URL_WEIGHT = 23;
const LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

const TLDS = 'com|net|org|au|io|co|info|biz|app|dev|me|ly|gov|edu|nz|uk|shop|store|online|site';
// Scheme URLs, www. hosts, and bare domains on common TLDs, as X links them.
const URL_PATTERN = new RegExp(
  String.raw`(?:https?:\/\/[^\s]+|www\.[^\s]+|\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:${TLDS})\b(?:\/[^\s]*)?)`,
  'gi',
);
const TRAILING_PUNCTUATION = /[.,!?;:'")\]]+$/;
const EMOJI = /\p{Extended_Pictographic}/u;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function codePointWeight(codePoint: number): number {
  return LIGHT_RANGES.some(([start, end]) => codePoint >= start && codePoint <= end) ? 1 : 2;
}

function plainTextWeight(text: string): number {
  let weight = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (EMOJI.test(segment)) {
      weight += 2;
      continue;
    }
    for (const char of segment) weight += codePointWeight(char.codePointAt(0) ?? 0);
  }
  return weight;
}

/** Weighted length of `text` as X counts it against its 280 limit. */
export function xWeightedLength(text: string): number {
  const normalised = text.normalize('NFC');
  let weight = 0;
  let cursor = 0;
  for (const match of normalised.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    weight += plainTextWeight(normalised.slice(cursor, start)) + URL_WEIGHT;
    cursor = start + url.length;
  }
  return weight + plainTextWeight(normalised.slice(cursor));
}
