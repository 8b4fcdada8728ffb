import { afterEach, expect, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import { silentLogger } from '../../electron/core/ports/logger';
import { FakeOpenAiApi } from '../fakes/openai/fake-openai-api';
import { HOSTED_KEY, chunkText, openAssistantRig, type AssistantRig } from '../support/assistant-harness';

// The assistant through the real core and dispatcher against the strict OpenAI-compatible fake:
// setting a provider up, testing the connection, and each failure as the plain sentence the
// composer shows.

let rig: AssistantRig;
afterEach(async () => rig.close());

async function setUpHosted(model = 'gpt-test', apiKey = HOSTED_KEY) {
  return rig.call('assistant.saveSettings', { kind: 'hosted', baseUrl: rig.fake.baseUrl, model, apiKey });
}

/** The error answer of a call (the dispatcher's `{ok:false}`), as the renderer receives it. */
async function failure(channel: 'assistant.write', request: { requestId: string; prompt: string; text?: string }) {
  const result = await createDispatcher(rig.core.handlers, silentLogger)(channel, request);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

test('nothing is sent anywhere before the owner sets a provider up', async () => {
  rig = await openAssistantRig();
  expect(await rig.call('assistant.settings', {})).toMatchObject({ configured: false, hasKey: false });
  const error = await failure('assistant.write', { requestId: randomUUID(), prompt: 'A post about bread' });
  expect(error.message).toMatch(/Set up the assistant first/);
  expect(rig.fake.requests()).toEqual([]);
});

test('a hosted provider keeps its key write-only and Test connection lists the models', async () => {
  rig = await openAssistantRig();
  const saved = await setUpHosted();
  expect(saved).toEqual({ configured: true, kind: 'hosted', baseUrl: rig.fake.baseUrl, model: 'gpt-test', hasKey: true });
  const tested = await rig.call('assistant.testConnection', {});
  expect(tested).toEqual({ ok: true, message: 'Connected: the endpoint answers and lists 2 models.', models: ['gpt-test', 'gpt-test-mini'] });
  expect(await rig.call('assistant.models', {})).toEqual({ models: ['gpt-test', 'gpt-test-mini'] });
  // The key went to the endpoint in the Authorization header.
  expect(rig.fake.requests().map((request) => request.bearer)).toEqual([HOSTED_KEY, HOSTED_KEY]);
  // Saving without a key keeps it; null forgets it.
  expect(await rig.call('assistant.saveSettings', { kind: 'hosted', baseUrl: rig.fake.baseUrl, model: 'gpt-test-mini' })).toMatchObject({ hasKey: true });
  expect(await rig.call('assistant.saveSettings', { kind: 'hosted', baseUrl: rig.fake.baseUrl, model: 'gpt-test-mini', apiKey: null })).toMatchObject({ hasKey: false });
});

test('a wrong key is a plain answer from Test connection', async () => {
  rig = await openAssistantRig();
  await setUpHosted('gpt-test', 'sk-wrongwrongwrongwrongwrong');
  expect(await rig.call('assistant.testConnection', {})).toEqual({
    ok: false,
    message: 'The assistant refused the API key. Check the key in Settings → Assistant.',
    models: [],
  });
});

test('a local server needs no key; one that is not running is named as such', async () => {
  rig = await openAssistantRig({}, null);
  await rig.call('assistant.saveSettings', { kind: 'local', baseUrl: rig.fake.baseUrl, model: 'gpt-test' });
  const requestId = randomUUID();
  expect(await rig.call('assistant.write', { requestId, prompt: 'Fresh bread' })).toEqual({ outcome: 'finished', text: 'Hello' });
  // A port nothing listens on (fetch refuses to dial "bad ports" such as 9 at all).
  const stopped = await new FakeOpenAiApi({ apiKey: null }).start();
  await stopped.stop();
  await rig.call('assistant.saveSettings', { kind: 'local', baseUrl: stopped.baseUrl, model: 'gpt-test' });
  const error = await failure('assistant.write', { requestId: randomUUID(), prompt: 'Fresh bread' });
  expect(error).toEqual({ code: 'unavailable', message: expect.stringMatching(/^The assistant is not running at that address/) });
});

test('an unknown model, a server error and a stream cut part-way are each a plain sentence', async () => {
  rig = await openAssistantRig();
  await setUpHosted('no-such-model');
  expect((await failure('assistant.write', { requestId: randomUUID(), prompt: 'Bread' })).message).toBe(
    'The assistant does not know the model "no-such-model". Choose another in Settings → Assistant.',
  );
  await setUpHosted();
  rig.fake.script({ status: 500 });
  expect((await failure('assistant.write', { requestId: randomUUID(), prompt: 'Bread' })).message).toMatch(/server had a problem \(500\)/);
  rig.fake.script({ content: 'Fresh sourdough from seven tomorrow morning.', cutAfterChunks: 2 });
  expect((await failure('assistant.write', { requestId: randomUUID(), prompt: 'Bread' })).message).toMatch(/^The answer stopped part-way/);
});

test('a 429 is retried once after its Retry-After; a second 429 is a plain sentence', async () => {
  rig = await openAssistantRig();
  await setUpHosted();
  rig.fake.script({ status: 429, retryAfter: '0' }, { content: 'After the wait' });
  expect(await rig.call('assistant.write', { requestId: randomUUID(), prompt: 'Bread' })).toEqual({ outcome: 'finished', text: 'After the wait' });
  expect(rig.fake.chatRequests()).toHaveLength(2);
  rig.fake.script({ status: 429, retryAfter: '0' }, { status: 429, retryAfter: '7' });
  expect((await failure('assistant.write', { requestId: randomUUID(), prompt: 'Bread' })).message).toBe(
    'The assistant is busy (too many requests). Try again in 7 seconds.',
  );
  expect(rig.fake.chatRequests()).toHaveLength(4);
});

test('streaming sends each piece as an event; Stop keeps exactly the text that had arrived', async () => {
  rig = await openAssistantRig();
  await setUpHosted();
  const content = 'Fresh sourdough from seven tomorrow morning, while it lasts.';
  rig.fake.script({ content, chunkSize: 8 });
  const first = randomUUID();
  expect(await rig.call('assistant.write', { requestId: first, prompt: 'Bread' })).toEqual({ outcome: 'finished', text: content });
  expect(chunkText(rig.events, first)).toBe(content);
  // The request carried the stream flag and the owner's prompt.
  expect(rig.fake.chatRequests().at(-1)!.body).toMatchObject({ model: 'gpt-test', stream: true });

  rig.fake.script({ content, chunkSize: 8, holdAfterChunks: 3 });
  const second = randomUUID();
  const writing = rig.call('assistant.write', { requestId: second, prompt: 'Bread', text: 'My own words' });
  await rig.fake.waitUntilHeld();
  await expect.poll(() => chunkText(rig.events, second)).toBe(content.slice(0, 24));
  expect(await rig.call('assistant.stop', { requestId: second })).toEqual({ stopped: true });
  rig.fake.release(); // anything the server would still send must not reach the editor
  expect(await writing).toEqual({ outcome: 'stopped', text: content.slice(0, 24) });
  expect(chunkText(rig.events, second)).toBe(content.slice(0, 24));
  expect(await rig.call('assistant.stop', { requestId: second })).toEqual({ stopped: false });
});

test('an endpoint that does not answer in time is a plain sentence, bounded by AGENCYIQ_ASSISTANT_TIMEOUT_MS', async () => {
  rig = await openAssistantRig({ env: { AGENCYIQ_ASSISTANT_TIMEOUT_MS: '1000' } });
  await setUpHosted();
  rig.fake.script({ hang: true });
  expect((await failure('assistant.write', { requestId: randomUUID(), prompt: 'Bread' })).message).toBe(
    'The assistant took too long to answer. Try again, or try a smaller model.',
  );
});

test('a backup restore does not wait for an answer still streaming, and the stream finishes', async () => {
  rig = await openAssistantRig();
  await setUpHosted();
  const backup = await rig.call('backups.create', {});
  const content = 'Fresh sourdough from seven tomorrow morning, while it lasts.';
  rig.fake.script({ content, chunkSize: 8, holdAfterChunks: 2 });
  const requestId = randomUUID();
  const writing = rig.call('assistant.write', { requestId, prompt: 'Bread' });
  await rig.fake.waitUntilHeld();
  // The restore completes while the model is still "thinking"…
  await rig.call('backups.restore', { id: backup.id });
  // …and the answer then arrives whole.
  rig.fake.release();
  expect(await writing).toEqual({ outcome: 'finished', text: content });
});
