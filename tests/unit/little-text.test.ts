import { describe, expect, it } from 'vitest';
import { escapeLittleText, LITTLE_TEXT_RESERVED } from '../../electron/core/platforms/little-text';
import { readLittleText } from '../fakes/platforms/little-text-reader';

// LinkedIn reads `commentary` as little text and cuts a post at the first unescaped reserved
// character (answering 201 all the same). What the owner relies on: the post reads exactly as
// written, with its links still links and its hashtags still hashtags.

describe('escaping text for LinkedIn (little text)', () => {
  it('escapes every reserved character with a backslash', () => {
    expect([...LITTLE_TEXT_RESERVED].sort().join('')).toBe([...'\\|{}@[]()<>#*_~'].sort().join(''));
    expect(escapeLittleText('a\\b|c{d}e@f[g]h(i)j<k>l*m_n~o')).toBe('a\\\\b\\|c\\{d\\}e\\@f\\[g\\]h\\(i\\)j\\<k\\>l\\*m\\_n\\~o');
    expect(escapeLittleText('Open (almost) every day [except Monday] — 50% off *today*')).toBe(
      'Open \\(almost\\) every day \\[except Monday\\] — 50% off \\*today\\*',
    );
  });

  it('leaves web addresses as typed so they still link, without swallowing the bracket or full stop around them', () => {
    expect(escapeLittleText('Menu: https://example.com/menu_2026?a=1&b=(2)#top')).toBe('Menu: https://example.com/menu_2026?a=1&b=(2)#top');
    expect(escapeLittleText('(see https://example.com/menu).')).toBe('\\(see https://example.com/menu\\).');
    expect(escapeLittleText('https://en.wikipedia.org/wiki/Bread_(food), yum')).toBe('https://en.wikipedia.org/wiki/Bread_(food), yum');
    // Not an address: "xhttps://" inside a word, and a bare "http://" with nothing after it.
    expect(escapeLittleText('a_https://b_c')).toBe('a\\_https://b\\_c');
  });

  it('keeps #hashtags clickable (little text writes one as plain #word) and escapes a # that starts none', () => {
    expect(escapeLittleText('Fresh rye #SourdoughSaturday #brisbane2026')).toBe('Fresh rye #SourdoughSaturday #brisbane2026');
    expect(escapeLittleText('#Brot für alle')).toBe('#Brot für alle');
    expect(escapeLittleText('we are no. 1# and # alone, a#b, #_x')).toBe('we are no. 1\\# and \\# alone, a\\#b, \\#\\_x');
    expect(escapeLittleText('#small_business')).toBe('#small\\_business');
  });

  it('escapes an @ so no mention element is formed from the owner\'s words', () => {
    expect(escapeLittleText('Ask @[Sam](urn:li:person:1)')).toBe('Ask \\@\\[Sam\\]\\(urn:li:person:1\\)');
  });

  it('reads back, as LinkedIn reads it, exactly as the owner wrote it', () => {
    const texts = [
      'Open (almost) every day [except Monday] — 50% off *today*',
      'Order at https://example.com/menu_(winter)?a=1 (or call) #SourdoughSaturday ~ see you!',
      '\\ | { } @ [ ] ( ) < > # * _ ~',
      'emoji 🍞 <3 and ~~strike~~ and __under__ and {hashtag|\\#|rye}',
      '',
    ];
    for (const text of texts) expect(readLittleText(escapeLittleText(text))).toBe(text);
    // Unescaped, LinkedIn would have cut the post.
    expect(readLittleText('Open (almost) every day')).toBe('Open ');
  });
});
