import { describe, expect, it } from 'vitest';
import { describeBackupContents } from '../../renderer/src/backups/format-backup';
import { asleepSentence } from '../../renderer/src/scheduling/asleep-wording';

describe('a backup named by what it holds', () => {
  it('counts posts and drafts, leaving out a part that is none', () => {
    expect(describeBackupContents({ posts: 12, drafts: 3 })).toBe('12 posts, 3 drafts');
    expect(describeBackupContents({ posts: 1, drafts: 0 })).toBe('1 post');
    expect(describeBackupContents({ posts: 0, drafts: 1 })).toBe('1 draft');
    expect(describeBackupContents({ posts: 1250, drafts: 0 })).toBe('1,250 posts');
    expect(describeBackupContents({ posts: 0, drafts: 0 })).toBe('No posts or drafts yet');
    expect(describeBackupContents(null)).toBeNull();
  });
});

describe('likely asleep, in the owner\'s words', () => {
  it('says whose word it is and what to do', () => {
    expect(asleepSentence('owner-said')).toMatch(/^This computer is usually asleep then \(you said so in Settings\)/);
    expect(asleepSentence('not-running')).toMatch(/^AgencyIQ was not running at this time on each of the last three days/);
    for (const reason of ['owner-said', 'not-running'] as const) expect(asleepSentence(reason)).toMatch(/another time/);
  });
});
