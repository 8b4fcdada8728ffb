import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FollowersView, type FollowerSeries } from '../../renderer/src/results/FollowersView';

const series: FollowerSeries = {
  connectionId: 'c1',
  platform: 'facebook',
  accountName: 'Noosa Bean Roasters',
  points: [
    { day: '2026-11-01', followers: 1200 },
    { day: '2026-11-15', followers: 1180 },
    { day: '2026-11-30', followers: 1265 },
  ],
};

describe('Results: followers over time', () => {
  it('writes each account’s first and latest counts and the change as text (chart label and table), never by colour alone', () => {
    const html = renderToStaticMarkup(createElement(FollowersView, { series: [series] }));
    expect(html).toContain('aria-label="Followers of Noosa Bean Roasters on Facebook: 1,200 on Sun 1 Nov, 1,265 on Mon 30 Nov"');
    expect(html).toMatch(/<th scope="row">Noosa Bean Roasters<\/th><td>Facebook<\/td><td>1,200 \(Sun 1 Nov\)<\/td><td>1,265 \(Mon 30 Nov\)<\/td><td>\+65<\/td>/);
  });

  it('says there are no counts yet rather than drawing zeros', () => {
    const html = renderToStaticMarkup(createElement(FollowersView, { series: [{ ...series, points: [] }] }));
    expect(html).toContain('No follower counts yet');
    expect(html).not.toContain('<svg');
  });

});
