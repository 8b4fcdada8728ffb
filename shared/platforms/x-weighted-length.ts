/**
 * X counts a post's length in weighted units (twitter-text v3 configuration): most Latin,
 * Greek, Cyrillic and punctuation code points weigh 1, everything else (CJK, emoji) weighs 2,
 * and every URL weighs 23 whatever its real length, because X wraps it in t.co.
 */
const URL_WEIGHT = 23;
const EMOJI_WEIGHT = 2;
const LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

// Generic TLDs owners use; every two-letter country code is accepted as well. When unsure we
// prefer counting something as a link (23) to undercounting a link X will wrap.
const GENERIC_TLDS =
  'com|net|org|info|biz|app|dev|io|ai|co|me|ly|gov|edu|xyz|shop|store|online|site|tech|blog|club|' +
  'design|agency|studio|art|news|live|life|world|today|email|cloud|social|media|digital|cafe|' +
  'restaurant|menu|bar|pub|beer|wine|coffee|pizza|kitchen|fitness|yoga|health|beauty|salon|hair|' +
  'fashion|photo|photography|gallery|music|events|travel|tours|holiday|surf|fish|farm|garden|' +
  'plumbing|builders|construction|repair|services|solutions|consulting|business|company|group|' +
  'global|network|systems|software|page|link|website|space|team|works|zone|land|realestate|property';
const URL_PATTERN = new RegExp(
  String.raw`https?:\/\/[^\s]+|` +
    String.raw`(?<![@\w.-])(?:www\.[^\s]+|` +
    String.raw`[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:${GENERIC_TLDS}|[a-z]{2})\b(?![@-])(?:\/[^\s]*)?)`,
  'gi',
);
const TRAILING_PUNCTUATION = /[.,!?;:'"\]]+$/;

// RGI_Emoji matches whole emoji sequences (ZWJ families, flags, keycaps, skin tones) as one.
// Built with new RegExp because the `v` flag postdates the TypeScript target.
const EMOJI_SEQUENCE = new RegExp(String.raw`\p{RGI_Emoji}`, 'gv');

function codePointWeight(codePoint: number): number {
  for (const [start, end] of LIGHT_RANGES) if (codePoint >= start && codePoint <= end) return 1;
  return 2;
}

/** Weight of text without URLs: each emoji sequence weighs 2, every other code point 1 or 2. */
function plainTextWeight(text: string): number {
  let weight = 0;
  let cursor = 0;
  for (const match of text.matchAll(EMOJI_SEQUENCE)) {
    for (const char of text.slice(cursor, match.index)) weight += codePointWeight(char.codePointAt(0) ?? 0);
    weight += EMOJI_WEIGHT;
    cursor = match.index + match[0].length;
  }
  for (const char of text.slice(cursor)) weight += codePointWeight(char.codePointAt(0) ?? 0);
  return weight;
}

/** A URL keeps a closing bracket only when it also contains the opening one: `wiki/Foo_(bar)`. */
function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING_PUNCTUATION, '');
  while (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) {
    url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
  }
  return url;
}

/** Weighted length of `text` as X counts it against its 280 limit. */
export function xWeightedLength(text: string): number {
  const normalised = text.normalize('NFC');
  let weight = 0;
  let cursor = 0;
  for (const match of normalised.matchAll(URL_PATTERN)) {
    if (match.index < cursor) continue;
    const url = trimUrl(match[0]);
    weight += plainTextWeight(normalised.slice(cursor, match.index)) + URL_WEIGHT;
    cursor = match.index + url.length;
  }
  return weight + plainTextWeight(normalised.slice(cursor));
}
