/**
 * How LinkedIn reads a post's `commentary` ("little" text format), for the fake: what the post
 * shows. Written independently of the app's escaper (electron/core/platforms/little-text.ts) so a
 * test compares the two. Backslash escapes the next character; a web address reads as typed; an
 * element reads as LinkedIn shows it (`#word` hashtag, `@[Name](urn:li:…)` mention,
 * `{hashtag|\#|word}` template). Any other unescaped reserved character starts no element, and
 * LinkedIn silently keeps only the text before it (the post is cut there; the API still answers 201).
 */
const RESERVED = new Set(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~']);
const URL_AT = /^https?:\/\/[^\s<>"\\]+/i;
const HASHTAG_AT = /^#[\p{L}\p{M}\p{N}]+/u;
const MENTION_AT = /^@\[([^\]\\]+)\]\(urn:li:(?:person|organization):[A-Za-z0-9_-]+\)/;
const TEMPLATE_AT = /^\{hashtag\|\\#\|([\p{L}\p{M}\p{N}]+)\}/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;

/** What LinkedIn shows for `commentary`: the rendered text, cut where LinkedIn would cut it. */
export function readLittleText(commentary: string): string {
  let shown = '';
  let i = 0;
  while (i < commentary.length) {
    const rest = commentary.slice(i);
    const char = commentary[i]!;
    const previous = i === 0 ? '' : commentary[i - 1]!;
    if (char === '\\') {
      if (i + 1 >= commentary.length) return shown;
      shown += commentary[i + 1];
      i += 2;
      continue;
    }
    const url = WORD_CHAR.test(previous) ? null : URL_AT.exec(rest);
    if (url !== null) {
      shown += url[0];
      i += url[0].length;
      continue;
    }
    if (!RESERVED.has(char)) {
      shown += char;
      i += 1;
      continue;
    }
    const element = (char === '#' && !WORD_CHAR.test(previous) ? HASHTAG_AT.exec(rest) : null) ?? MENTION_AT.exec(rest) ?? TEMPLATE_AT.exec(rest);
    if (element === null) return shown;
    shown += element[0].startsWith('{') ? `#${element[1]}` : element[0].startsWith('@') ? element[1] : element[0];
    i += element[0].length;
  }
  return shown;
}
