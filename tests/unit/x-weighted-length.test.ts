import { describe, expect, it } from 'vitest';
import { xWeightedLength } from '@shared/platforms/x-weighted-length';
import { countPlatformText } from '@shared/platforms/limits';

// X counts posts in weighted units (twitter-text v3): Latin and common punctuation weigh 1,
// CJK and emoji weigh 2, and every link weighs 23 because X wraps it in t.co. The compose
// counter must agree with X, or the app either refuses a post X would take or lets through
// one X will reject at publish time.

const xOver = (text: string): boolean => {
  const [count] = countPlatformText('x', { text, title: '' });
  if (!count) throw new Error('X has no text limit');
  return count.over;
};

describe('xWeightedLength: plain text', () => {
  it('counts ASCII one per character', () => {
    expect(xWeightedLength('')).toBe(0);
    expect(xWeightedLength('Fresh sourdough at 7am!')).toBe(23);
    expect(xWeightedLength(' \n\t')).toBe(3);
  });

  it('counts accented Latin, Greek and Cyrillic one per character', () => {
    expect(xWeightedLength('Crème brûlée')).toBe(12);
    expect(xWeightedLength('Ωμέγα')).toBe(5);
    expect(xWeightedLength('привет')).toBe(6);
  });

  it('counts the light punctuation ranges (dashes, curly quotes) one each', () => {
    expect(xWeightedLength('–—')).toBe(2); // U+2013, U+2014
    expect(xWeightedLength('“hi”')).toBe(4); // U+201C, U+201D
  });

  it('counts CJK two per character', () => {
    expect(xWeightedLength('日本語')).toBe(6);
    expect(xWeightedLength('안녕하세요')).toBe(10);
    expect(xWeightedLength('コーヒー')).toBe(8);
    expect(xWeightedLength('cafe 咖啡')).toBe(9);
  });
});

describe('xWeightedLength: emoji weigh 2 however many code points they use', () => {
  it.each([
    ['a simple emoji', '😀'],
    ['an emoji with a skin tone modifier', '👍🏽'],
    ['a ZWJ family', '👨‍👩‍👧‍👦'],
    ['a ZWJ profession with skin tone', '👩🏾‍💻'],
    ['a rainbow flag (ZWJ + VS16)', '🏳️‍🌈'],
    ['a subdivision flag (tag sequence)', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['a heart with the emoji variation selector', '❤️'],
    ['a country flag (regional indicator pair)', '🇦🇺'],
    ['another country flag', '🇯🇵'],
    ['a keycap sequence', '1️⃣'],
  ])('%s counts 2', (_name, emoji) => {
    expect(xWeightedLength(emoji)).toBe(2);
  });

  it('counts each emoji in a run separately', () => {
    expect(xWeightedLength('👍🏽👍🏽')).toBe(4);
    expect(xWeightedLength('Go team 👨‍👩‍👧‍👦😀!')).toBe(8 + 4 + 1);
  });
});

describe('xWeightedLength: normalisation and combining marks', () => {
  it('counts a decomposed accent the same as the precomposed letter (NFC)', () => {
    const decomposed = 'cafe\u0301';
    const composed = 'caf\u00e9';
    expect(decomposed).not.toBe(composed);
    expect(xWeightedLength(decomposed)).toBe(4);
    expect(xWeightedLength(composed)).toBe(4);
  });

  it('counts conjoining Hangul jamo as the composed syllable', () => {
    // U+1100 U+1161 normalises to U+AC00 (가), which weighs 2 like any Hangul syllable.
    expect(xWeightedLength('\u1100\u1161')).toBe(xWeightedLength('\uac00'));
  });

  it('counts a combining mark with no precomposed form as its own code point', () => {
    expect(xWeightedLength('q\u0301')).toBe(2);
  });
});

describe('xWeightedLength: links count 23 whatever their length', () => {
  it.each([
    ['http', 'http://example.com'],
    ['https', 'https://example.com'],
    ['a long https link with path and query', `https://example.com/${'a'.repeat(200)}?utm_source=x&utm_medium=y`],
    ['www.', 'www.example.com'],
    ['a bare domain', 'example.com'],
    ['a bare domain with a path', 'example.com/menu/today'],
    ['an Australian domain', 'mybakery.com.au'],
    ['a subdomain', 'shop.example.io'],
    ['upper-case scheme and host', 'HTTPS://EXAMPLE.COM'],
    ['a short link', 'a.co'],
  ])('%s counts 23', (_name, url) => {
    expect(xWeightedLength(url)).toBe(23);
  });

  it('counts a short link as 23 even though it is shorter than 23 characters', () => {
    expect('x.co/a'.length).toBeLessThan(23);
    expect(xWeightedLength('x.co/a')).toBe(23);
  });

  it('counts the text around a link normally', () => {
    expect(xWeightedLength('Menu: https://example.com/menu today')).toBe(6 + 23 + 6);
  });

  it('counts each of several links as 23', () => {
    expect(xWeightedLength('https://a.com and http://b.org and www.c.net')).toBe(23 * 3 + 10);
  });

  it.each([
    ['a full stop', 'See example.com.', 4 + 23 + 1],
    ['a comma', 'Go to https://example.com, now', 6 + 23 + 5],
    ['an exclamation mark', 'Visit www.example.com!', 6 + 23 + 1],
    ['a question mark', 'Seen https://example.com/menu?', 5 + 23 + 1],
    ['an ellipsis of full stops', 'https://example.com...', 23 + 3],
    ['a closing quote', '"https://example.com"', 1 + 23 + 1],
    ['a closing parenthesis and full stop', '(https://example.com/x).', 1 + 23 + 2],
  ])('does not count trailing %s as part of the link', (_name, text, expected) => {
    expect(xWeightedLength(text)).toBe(expected);
  });

  it('does not treat file names or abbreviations as links', () => {
    expect(xWeightedLength('notes.txt')).toBe(9);
    expect(xWeightedLength('e.g.')).toBe(4);
    expect(xWeightedLength('U.S.')).toBe(4);
    expect(xWeightedLength('http://')).toBe(7);
  });

  it('counts CJK and emoji around a link at their own weights', () => {
    expect(xWeightedLength('新品 https://example.com 😀')).toBe(4 + 1 + 23 + 1 + 2);
  });
});

describe('X limit: 280 weighted characters', () => {
  it('accepts exactly 280 and marks 281 as over', () => {
    expect(xOver('a'.repeat(280))).toBe(false);
    expect(xOver('a'.repeat(281))).toBe(true);
  });

  it('accepts 140 CJK characters (280 units) and marks 141 as over', () => {
    expect(xOver('語'.repeat(140))).toBe(false);
    expect(xOver('語'.repeat(141))).toBe(true);
  });

  it('accepts 140 emoji and marks 141 as over', () => {
    expect(xOver('😀'.repeat(140))).toBe(false);
    expect(xOver('😀'.repeat(141))).toBe(true);
  });

  it('counts a long link as 23, so a post with one fits where its raw length would not', () => {
    const url = `https://example.com/${'p'.repeat(300)}`;
    const text = `${'a'.repeat(256)} ${url}`; // 256 + 1 + 23 = 280
    expect(text.length).toBeGreaterThan(280);
    expect(xWeightedLength(text)).toBe(280);
    expect(xOver(text)).toBe(false);
    expect(xOver(`a${text}`)).toBe(true);
  });

  it('reports used and max for the counter', () => {
    expect(countPlatformText('x', { text: 'hello 日本', title: '' })).toEqual([
      { field: 'text', label: 'Post', used: 10, max: 280, over: false },
    ]);
  });
});
