import { afterEach, expect, test } from 'vitest';
import { HOSTED_KEY, openAssistantRig, type AssistantRig } from '../support/assistant-harness';

// The local calendar through the real core: the business's place is kept in its profile, the
// Calendar page's suggestions and the ideas prompt come from it (school terms from the shipped
// file), the "past its last date" notice follows the core's clock, and the preview the owner
// sees is exactly what is then sent.

let rig: AssistantRig;
afterEach(async () => rig.close());

/** A clock the test moves: the core reads "today" from it, in the business's zone. */
function movableClock(iso: string) {
  let now = Date.parse(iso);
  return { clock: { now: () => now }, set: (next: string) => { now = Date.parse(next); } };
}

const PROFILE = { businessName: 'Crumb & Co', offering: 'Sourdough', audience: 'Locals', toneOfVoice: 'Warm', website: '', timeZone: 'Australia/Brisbane' };

test('the place is kept in the profile; a place without holidays is refused and nothing is lost', async () => {
  rig = await openAssistantRig();
  expect(await rig.call('profile.get', {})).toMatchObject({ country: '', region: '' });
  await rig.call('profile.save', { ...PROFILE, country: 'AU', region: 'NSW' });
  // A save without the place (an older screen) keeps it.
  expect(await rig.call('profile.save', { ...PROFILE, businessName: 'Crumb and Co' })).toMatchObject({ businessName: 'Crumb and Co', country: 'AU', region: 'NSW' });
  await expect(rig.call('profile.save', { ...PROFILE, businessName: 'Lost?', country: 'AU', region: 'XX' })).rejects.toThrow('profile.save: invalid_request "XX" is not a state or region of Australia.');
  expect(await rig.call('profile.get', {})).toMatchObject({ businessName: 'Crumb and Co', country: 'AU', region: 'NSW' });
  const places = await rig.call('profile.places', { country: 'AU' });
  expect(places.countries[0]).toEqual({ code: 'AU', name: 'Australia' });
  expect(places.regions.map((one) => one.code)).toContain('QLD');
});

test('suggestions for the Calendar page: holidays, school terms and seasons where the business is; past the file, a notice', async () => {
  const time = movableClock('2026-12-03T00:00:00Z');
  rig = await openAssistantRig({ clock: time.clock });
  await rig.call('profile.save', { ...PROFILE, country: 'AU', region: 'QLD' });
  const december = await rig.call('assistant.localCalendar', { days: 30 });
  expect(december.place).toEqual({ country: 'AU', region: 'QLD', label: 'Queensland, Australia' });
  expect(december.today).toBe('2026-12-03');
  expect(december.days).toEqual(expect.arrayContaining([
    { date: '2026-12-11', name: 'Last day of Term 4: Queensland school holidays begin', kind: 'school' },
    { date: '2026-12-25', name: 'Christmas Day', kind: 'public_holiday' },
  ]));
  expect(december.schoolTerms).toMatchObject({ status: 'current', stateName: 'Queensland', lastDate: '2026-12-31', notice: null });
  expect(december.schoolTerms?.source?.url).toMatch(/^https:\/\/education\.qld\.gov\.au\//);

  // The same app, a few weeks on: the shipped school dates have run out, and the page says so.
  time.set('2027-01-04T00:00:00Z');
  const january = await rig.call('assistant.localCalendar', { days: 30 });
  expect(january.schoolTerms?.status).toBe('past_last_date');
  expect(january.schoolTerms?.notice).toMatch(/^The school term dates in this version of AgencyIQ end on Thursday 31 December 2026, and today is past that/);
  expect(january.days.some((day) => day.kind === 'school')).toBe(false);
  expect(january.days.map((day) => day.name)).toContain('Australia Day');
  expect(rig.fake.chatRequests()).toEqual([]); // nothing was sent anywhere
});

test('the ideas request shows what it will send first, and sends exactly that, school dates included', async () => {
  const time = movableClock('2026-12-03T00:00:00Z');
  rig = await openAssistantRig({ clock: time.clock });
  await rig.call('profile.save', { ...PROFILE, country: 'AU', region: 'QLD' });
  // Before a provider is set up the preview says nothing can be sent.
  expect((await rig.call('assistant.preview', { kind: 'ideas' })).to).toBeNull();
  await rig.call('assistant.saveSettings', { kind: 'hosted', baseUrl: rig.fake.baseUrl, model: 'gpt-test', apiKey: HOSTED_KEY });
  const preview = await rig.call('assistant.preview', { kind: 'ideas' });
  expect(preview.to).toBe(rig.fake.baseUrl);
  expect(preview.model).toBe('gpt-test');
  expect(preview.messages[0]!.content).toContain('Business: Crumb & Co\nWhere: Queensland, Australia');
  expect(preview.messages[0]!.content).toContain('- 2026-12-11: Last day of Term 4: Queensland school holidays begin (school calendar)');
  expect(JSON.stringify(preview)).not.toContain(HOSTED_KEY);
  expect(rig.fake.chatRequests()).toEqual([]);

  rig.fake.script({ content: JSON.stringify({ ideas: [{ title: 'Holiday baking', whyNow: 'School is out', platforms: ['facebook'], day: '2026-12-12' }] }) });
  await rig.call('assistant.ideas', {});
  const sent = rig.fake.chatRequests()[0]!.body as { messages: unknown };
  expect(sent.messages).toEqual(preview.messages);

  const rewrite = await rig.call('assistant.preview', { kind: 'rewrite', text: 'Sourdough Saturday', platforms: ['x', 'linkedin'] });
  expect(rewrite.messages[1]).toEqual({ role: 'user', content: 'Sourdough Saturday' });
  const write = await rig.call('assistant.preview', { kind: 'write', prompt: 'friendlier', text: 'Open at 7' });
  expect(write.messages[1]).toEqual({ role: 'user', content: 'friendlier\n\nThe post:\nOpen at 7' });
});
