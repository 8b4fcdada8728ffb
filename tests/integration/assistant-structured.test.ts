import { randomUUID } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import { silentLogger } from '../../electron/core/ports/logger';
import { UNREADABLE_ANSWER_MESSAGE } from '../../electron/core/assistant/structured-output';
import { HOSTED_KEY, openAssistantRig, type AssistantRig } from '../support/assistant-harness';

// Ideas and per-network rewrites come back as JSON the core validates (zod), asked for with the
// JSON-schema response format; an unreadable answer is asked for once more, then a plain error;
// a variant over its network's limit comes back flagged with its count.

let rig: AssistantRig;
afterEach(async () => rig.close());

async function setUp() {
  rig = await openAssistantRig();
  await rig.call('profile.save', {
    businessName: 'Crumb & Co',
    offering: 'Sourdough and pastries',
    audience: 'Locals in Paddington',
    toneOfVoice: 'Warm',
    website: '',
    timeZone: 'Australia/Brisbane',
  });
  await rig.call('assistant.saveSettings', { kind: 'hosted', baseUrl: rig.fake.baseUrl, model: 'gpt-test', apiKey: HOSTED_KEY });
}

const idea = { title: 'Hot cross buns are back', whyNow: 'Easter is in ten days', platforms: ['instagram', 'facebook'], day: '2027-03-18' };

test('ideas come from the profile, asked for with a strict JSON schema, and can be drafted', async () => {
  await setUp();
  rig.fake.script({ content: JSON.stringify({ ideas: [idea] }) });
  const { ideas } = await rig.call('assistant.ideas', {});
  expect(ideas).toEqual([idea]);
  const sent = rig.fake.chatRequests()[0]!.body as { messages: Array<{ content: string }>; response_format: unknown };
  expect(sent.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'post_ideas', strict: true, schema: { type: 'object' } } });
  expect(sent.messages[0]!.content).toContain('Business: Crumb & Co');
  expect(sent.messages[0]!.content).toContain('For whom: Locals in Paddington');

  // "Draft it": the idea's networks get variants, and the draft holds them; nothing is scheduled.
  rig.fake.script({ content: JSON.stringify({ variants: [{ platform: 'instagram', text: 'Buns! #easter' }, { platform: 'facebook', text: 'Hot cross buns are back.' }] }) });
  const { variants } = await rig.call('assistant.rewrite', { text: ideas[0]!.title, platforms: ['instagram', 'facebook'] });
  const saved = await rig.call('drafts.save', {
    id: randomUUID(),
    body: ideas[0]!.title,
    targets: variants.map((variant) => ({ platform: variant.platform, text: variant.text, title: null })),
  });
  const draft = await rig.call('drafts.get', { id: saved.id });
  expect(draft.targets.map((target) => [target.platform, target.text]).sort()).toEqual([['facebook', 'Hot cross buns are back.'], ['instagram', 'Buns! #easter']]);
});

test('a rewrite is counted per network; one over the limit is flagged with its weighted count', async () => {
  await setUp();
  const long = 'Fresh sourdough 🍞 '.repeat(20).trim(); // emoji count 2 on X
  rig.fake.script({ content: JSON.stringify({ variants: [{ platform: 'x', text: long }, { platform: 'linkedin', text: long }] }) });
  const { variants } = await rig.call('assistant.rewrite', { text: 'Fresh sourdough', platforms: ['x', 'linkedin'] });
  expect(variants).toEqual([
    { platform: 'x', text: long, count: 20 * 18 + 19, max: 280, over: true },
    { platform: 'linkedin', text: long, count: 20 * 17 + 19, max: 3000, over: false },
  ]);
});

test('an unreadable answer is asked for once more; twice unreadable is a plain error', async () => {
  await setUp();
  rig.fake.script({ content: 'Sure! Here are some ideas:' }, { content: JSON.stringify({ ideas: [idea] }) });
  expect((await rig.call('assistant.ideas', {})).ideas).toEqual([idea]);
  expect(rig.fake.chatRequests()).toHaveLength(2);

  // Valid JSON that misses a network asked for is as unreadable as prose.
  rig.fake.script({ content: '{"variants": []}' }, { content: JSON.stringify({ variants: [{ platform: 'x', text: 'Hi' }] }) });
  const result = await createDispatcher(rig.core.handlers, silentLogger)('assistant.rewrite', { text: 'Bread', platforms: ['x', 'linkedin'] });
  expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: UNREADABLE_ANSWER_MESSAGE } });
  expect(rig.fake.chatRequests()).toHaveLength(4);
});

test('the ideas prompt carries the local calendar of the business\'s state', async () => {
  rig = await openAssistantRig({ clock: { now: () => Date.parse('2027-12-18T00:00:00+10:00') } });
  await rig.call('profile.save', { businessName: 'Crumb & Co', offering: '', audience: '', toneOfVoice: '', website: '', timeZone: 'Australia/Brisbane' });
  await rig.call('assistant.saveSettings', { kind: 'hosted', baseUrl: rig.fake.baseUrl, model: 'gpt-test', apiKey: HOSTED_KEY });
  rig.fake.script({ content: JSON.stringify({ ideas: [idea] }) });
  await rig.call('assistant.ideas', {});
  const system = (rig.fake.chatRequests()[0]!.body as { messages: Array<{ content: string }> }).messages[0]!.content;
  expect(system).toContain('Today is 2027-12-18.');
  expect(system).toContain('- 2027-12-25: Christmas Day (public holiday)');
  expect(system).toContain('- 2027-12-28: Boxing Day (substitute day) (public holiday)');
});
