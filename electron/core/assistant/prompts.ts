import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { Profile } from '@shared/ipc/profile-channels';
import { PLATFORM_TEXT_LIMITS } from '@shared/platforms/limits';
import type { ChatMessage } from './assistant-client';
import { placeForProfile, placeLabel, type CalendarDay } from './local-calendar';

// Every prompt the assistant sends is built here, from the profile fields and the owner's text
// only: nothing else of the app's data leaves the computer.

function businessFacts(profile: Profile): string {
  const place = profile.country === '' ? null : placeForProfile(profile);
  const facts = [
    ['Business', profile.businessName],
    ['Where', place === null ? '' : placeLabel(place)],
    ['What it offers', profile.offering],
    ['For whom', profile.audience],
    ['Tone of voice', profile.toneOfVoice],
    ['Website', profile.website],
    ['Time zone', profile.timeZone],
  ].filter(([, value]) => value !== '');
  return facts.length === 0 ? 'The owner has not described the business yet.' : facts.map(([name, value]) => `${name}: ${value}`).join('\n');
}

function system(profile: Profile, task: string): ChatMessage {
  return {
    role: 'system',
    content: `You write social media posts for a small business, in its own voice. Write plainly; no invented facts, prices or dates.\n\n${businessFacts(profile)}\n\n${task}`,
  };
}

/** Write from a one-line prompt, or rewrite `text` as the prompt asks ("shorter", "friendlier"…). */
export function writeMessages(profile: Profile, prompt: string, text: string): ChatMessage[] {
  const task = text.trim() === ''
    ? 'Write one post as asked. Answer with the post text only.'
    : 'Rewrite the post below as asked. Answer with the new post text only.';
  const user = text.trim() === '' ? prompt : `${prompt}\n\nThe post:\n${text}`;
  return [system(profile, task), { role: 'user', content: user }];
}

function networkRule(platform: Platform): string {
  const limit = PLATFORM_TEXT_LIMITS[platform].find((one) => one.field === 'text')!;
  const style: Record<Platform, string> = {
    x: 'short and direct; links count as 23 characters, emoji and CJK characters as 2',
    linkedin: 'longer and plainer, professional, few or no emoji',
    instagram: 'friendly, with the hashtags together at the end',
    facebook: 'conversational, a question or call to action welcome',
    youtube: 'a video description: what the video shows, then a call to action',
  };
  return `- ${platform} (${PLATFORM_LABELS[platform]}): at most ${limit.max} characters; ${style[platform]}.`;
}

export function rewriteMessages(profile: Profile, text: string, platforms: readonly Platform[]): ChatMessage[] {
  const task = `Rewrite the post for each of these networks, within its limit:\n${platforms.map(networkRule).join('\n')}\n` +
    'Answer with JSON: {"variants":[{"platform":"<network id>","text":"<post>"}]}, one variant per network listed.';
  return [system(profile, task), { role: 'user', content: text }];
}

const KIND_NOTE: Record<CalendarDay['kind'], string> = { public_holiday: ' (public holiday)', school: ' (school calendar)', season: '' };

export function ideasMessages(profile: Profile, today: string, calendar: readonly CalendarDay[]): ChatMessage[] {
  const dates = calendar.length === 0 ? '' :
    `Coming up where the business is:\n${calendar.map((day) => `- ${day.date}: ${day.name}${KIND_NOTE[day.kind]}`).join('\n')}\n`;
  const task = `Today is ${today}. ${dates}Suggest post ideas for the next two weeks (today to 14 days ahead): each with a title, ` +
    'why now (a season, a date, a local occasion), the networks that suit it (facebook, instagram, linkedin, x, youtube) ' +
    'and the day to post it (YYYY-MM-DD). Answer with JSON: {"ideas":[{"title":"","whyNow":"","platforms":[],"day":""}]}.';
  return [system(profile, task), { role: 'user', content: 'Ideas for the next two weeks, please.' }];
}

/** The longest alt text asked for: most networks show about this much, and screen readers read it whole. */
export const ALT_TEXT_TARGET = 250;

/**
 * Alt text for one attached picture: the picture goes as an image content part (a JPEG data URL
 * the core made small), with the business facts so the description uses the owner's words for
 * what they sell.
 */
export function altTextMessages(profile: Profile, pictureDataUrl: string): ChatMessage[] {
  const task = `Describe the picture for people who cannot see it, as alt text for a social media post: one or two plain sentences, ` +
    `at most ${ALT_TEXT_TARGET} characters, what is in it and what matters about it. Do not start with "Image of" or "Picture of". Answer with the alt text only.`;
  return [
    system(profile, task),
    { role: 'user', content: [{ type: 'text', text: 'Alt text for this picture, please.' }, { type: 'image_url', image_url: { url: pictureDataUrl, detail: 'low' } }] },
  ];
}
