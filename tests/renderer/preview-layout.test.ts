import { expect, it } from 'vitest';
import { firstLink, foldText, previewLayout, PREVIEW_FOLDS, type PreviewMediaInput } from '@shared/platforms/preview-layout';

const picture = (id: string, width: number, height: number): PreviewMediaInput => ({ id, kind: 'image', width, height });
const video = (id: string): PreviewMediaInput => ({ id, kind: 'video', width: 1080, height: 1920 });
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

it("cuts Instagram's caption after 125 characters at a word end, with '… more', and names its first line", () => {
  const text = `New cakes today!\n${words(40)}`;
  const layout = previewLayout('instagram', { text, title: '' }, [picture('a', 1080, 1080)]);
  expect(layout.more).toBe('more');
  expect([...layout.shown].length).toBeLessThanOrEqual(125);
  expect(text.startsWith(layout.shown)).toBe(true);
  expect(text.slice(layout.shown.length)).toMatch(/^\s/); // a whole word ends the shown part
  expect(layout.firstLine).toBe('New cakes today!');
});

it('shows a short post whole on every network', () => {
  for (const platform of ['facebook', 'instagram', 'linkedin', 'x', 'youtube'] as const) {
    const layout = previewLayout(platform, { text: 'Fresh bread at 8.', title: 'Bread' }, []);
    expect(layout).toMatchObject({ shown: 'Fresh bread at 8.', more: null });
  }
});

it('cuts by lines before characters: LinkedIn shows three lines', () => {
  const layout = previewLayout('linkedin', { text: 'one\ntwo\nthree\nfour', title: '' }, []);
  expect(layout).toMatchObject({ shown: 'one\ntwo\nthree', more: 'see more' });
});

it("counts X's text by weight (a URL is 23, an emoji 2) and cuts at 280 weighted", () => {
  const text = `${'😀'.repeat(150)}`;
  const layout = previewLayout('x', { text, title: '' }, []);
  expect(layout.weighted).toEqual({ used: 300, max: 280, over: true });
  expect([...layout.shown].length).toBe(140);
  expect(layout.more).toBe('Show more');
  expect(previewLayout('x', { text: `See https://example.com/${'a'.repeat(100)}`, title: '' }, []).weighted?.used).toBe(4 + 23);
});

it('crops Instagram pictures to 4:5…1.91:1 and a carousel to its first item’s shape, in order', () => {
  const tall = previewLayout('instagram', { text: '', title: '' }, [picture('tall', 1000, 2000)]);
  expect(tall.tiles[0]).toMatchObject({ aspect: 0.8, cropped: true });
  const carousel = previewLayout('instagram', { text: '', title: '' }, [picture('wide', 1910, 1000), picture('square', 1000, 1000), picture('pano', 4000, 1000)]);
  expect(carousel.arrangement).toBe('carousel');
  expect(carousel.tiles.map((t) => t.id)).toEqual(['wide', 'square', 'pano']);
  expect(carousel.tiles.map((t) => t.aspect)).toEqual([1.91, 1.91, 1.91]);
  expect(carousel.tiles.map((t) => t.cropped)).toEqual([false, true, true]);
  expect(previewLayout('instagram', { text: '', title: '' }, [picture('ok', 1080, 1350)]).tiles[0]).toMatchObject({ cropped: false });
});

it('lays X pictures in a grid of up to four, leaving the rest out, and one video alone', () => {
  const five = ['a', 'b', 'c', 'd', 'e'].map((id) => picture(id, 1000, 1000));
  const layout = previewLayout('x', { text: '', title: '' }, five);
  expect(layout).toMatchObject({ arrangement: 'grid', leftOut: 1 });
  expect(layout.tiles.map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
  expect(previewLayout('x', { text: '', title: '' }, [picture('a', 1000, 1000), picture('b', 1000, 1000)]).tiles[0]!.aspect).toBeCloseTo(7 / 8);
  expect(previewLayout('x', { text: '', title: '' }, [video('v')])).toMatchObject({ arrangement: 'video', leftOut: 0 });
});

it('shows a link card only when the post has no media, from the first link without its trailing stop', () => {
  const text = 'Order online: https://www.cakes.example/order.';
  expect(previewLayout('facebook', { text, title: '' }, []).linkCard).toEqual({ url: 'https://www.cakes.example/order', host: 'cakes.example' });
  expect(previewLayout('facebook', { text, title: '' }, [picture('a', 10, 10)]).linkCard).toBeNull();
  // Instagram captions do not make links.
  expect(previewLayout('instagram', { text, title: '' }, [picture('a', 10, 10)]).linkCard).toBeNull();
  expect(firstLink('no link here')).toBeNull();
});

it('gives YouTube its title and only the video', () => {
  const layout = previewLayout('youtube', { text: 'About the shop', title: 'Our shop' }, [picture('p', 10, 10), video('v')]);
  expect(layout).toMatchObject({ title: 'Our shop', arrangement: 'video', leftOut: 1 });
});

it('never cuts inside an emoji or surrogate pair', () => {
  const { shown } = foldText('😀'.repeat(200), PREVIEW_FOLDS.instagram);
  expect([...shown].every((ch) => ch === '😀')).toBe(true);
});

it('moves between preview tabs with the arrows (wrapping), Home and End, and ignores other keys', async () => {
  const { tabAfterKey } = await import('../../renderer/src/compose/preview/tab-keys');
  expect(tabAfterKey('ArrowRight', 0, 3)).toBe(1);
  expect(tabAfterKey('ArrowRight', 2, 3)).toBe(0);
  expect(tabAfterKey('ArrowLeft', 0, 3)).toBe(2);
  expect(tabAfterKey('Home', 2, 3)).toBe(0);
  expect(tabAfterKey('End', 0, 3)).toBe(2);
  expect(tabAfterKey('a', 0, 3)).toBeNull();
});

it('shows a PDF document on LinkedIn as its one tile, and leaves it out where the network takes none', () => {
  const pdf: PreviewMediaInput = { id: 'doc', kind: 'document', width: null, height: null };
  const linkedin = previewLayout('linkedin', { text: 'Our menu', title: '' }, [pdf]);
  expect(linkedin.tiles).toEqual([{ id: 'doc', kind: 'document', aspect: null, cropped: false }]);
  expect(linkedin.arrangement).toBe('single');
  for (const platform of ['facebook', 'instagram', 'x', 'youtube'] as const) {
    const layout = previewLayout(platform, { text: 'Our menu', title: 'Menu' }, [pdf]);
    expect(layout.tiles).toEqual([]);
    expect(layout.arrangement).toBe('none');
  }
});
