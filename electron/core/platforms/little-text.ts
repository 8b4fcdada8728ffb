/**
 * LinkedIn's "little" text format, which the Posts API reads `commentary` as. The characters
 * `\ | { } @ [ ] ( ) < > # * _ ~` are reserved for little elements (mentions `@[Name](urn)`,
 * templates `{hashtag|\#|word}`, …); an unescaped one that starts no valid element makes
 * LinkedIn answer 201 and silently cut the post there. So the owner's text is escaped with a
 * backslash before each reserved character, except where LinkedIn should still see an element:
 *
 * - web addresses (`http://`, `https://`) are left as typed, so they still link;
 * - a hashtag (`#` starting a word of letters or digits) keeps its `#`, so it stays clickable —
 *   little text writes a HashtagElement as plain `#word`.
 *
 * Pure: text in, text out. See docs/platform-apis.md ("LinkedIn").
 */

/** Every character little text reserves. */
export const LITTLE_TEXT_RESERVED = new Set(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~']);

/** A web address up to the next space (or an opening `<` or `"`, which no address contains unencoded). */
const URL_AT = /^https?:\/\/[^\s<>"]+/i;
/** A hashtag's word: letters, marks and digits (LinkedIn hashtags take no punctuation). */
const HASHTAG_WORD = /^[\p{L}\p{M}\p{N}]+/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;

/** The owner's text as little text: it reads back exactly as written, links and hashtags working. */
export function escapeLittleText(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const previous = i === 0 ? '' : text[i - 1]!;
    const url = WORD_CHAR.test(previous) ? null : URL_AT.exec(rest);
    if (url !== null) {
      const link = trimUrl(url[0]);
      out += link;
      i += link.length;
      continue;
    }
    const char = text[i]!;
    if (char === '#' && !WORD_CHAR.test(previous)) {
      const word = HASHTAG_WORD.exec(text.slice(i + 1));
      if (word !== null) {
        out += `#${word[0]}`;
        i += 1 + word[0].length;
        continue;
      }
    }
    out += LITTLE_TEXT_RESERVED.has(char) ? `\\${char}` : char;
    i += 1;
  }
  return out;
}

/**
 * Where an address ends in running text: without the punctuation that closes a sentence, and
 * without a closing bracket it did not open (`(see https://example.com/menu)`), while
 * `https://en.wikipedia.org/wiki/Bread_(food)` keeps its own.
 */
function trimUrl(candidate: string): string {
  let link = candidate;
  for (;;) {
    const before = link;
    link = link.replace(/[.,!?;:'’]+$/, '');
    for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
      if (link.endsWith(close) && count(link, open) < count(link, close)) link = link.slice(0, -1);
    }
    if (link === before) return link;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
