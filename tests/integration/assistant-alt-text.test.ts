import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, expect, test } from 'vitest';
import { NO_PICTURES_MESSAGE } from '../../electron/core/assistant/assistant-service';
import { FakeOpenAiApi } from '../fakes/openai/fake-openai-api';
import { HOSTED_KEY, openAssistantRig, type AssistantRig } from '../support/assistant-harness';
import { movie } from '../support/media-fixtures';

// Alt text for an attached picture, through the real core: the picture goes to the endpoint made
// smaller, as an image content part in OpenAI's chat format; the answer comes back for the owner
// to accept or edit (nothing is saved); a model that takes no pictures is named plainly; the
// preview shows the request without the picture's bytes.

let rig: AssistantRig;
let textOnly: FakeOpenAiApi | null = null;
afterEach(async () => {
  await rig.close();
  await textOnly?.stop();
  textOnly = null;
});

async function attach(postId: string, bytes: Buffer) {
  const { uploadId } = await rig.call('media.beginUpload', { postId, bytes: bytes.length, name: 'file' });
  await rig.call('media.uploadChunk', { uploadId, offset: 0, data: bytes.toString('base64') });
  return rig.call('media.finishUpload', { uploadId });
}

async function setUp() {
  rig = await openAssistantRig();
  await rig.call('assistant.saveSettings', { kind: 'hosted', baseUrl: rig.fake.baseUrl, model: 'gpt-test', apiKey: HOSTED_KEY });
  const postId = randomUUID();
  await rig.call('drafts.save', { id: postId, body: 'Lamingtons today', targets: [] });
  // A big photo (4000×3000): what is sent is at most 768 pixels on its longer side.
  const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#d4a373' } }).jpeg({ quality: 90 }).toBuffer();
  return { postId, picture: await attach(postId, photo) };
}

test('a picture goes as a small JPEG image part; the suggestion comes back unsaved', async () => {
  const { picture } = await setUp();
  rig.fake.script({ content: '"A tray of lamingtons dusted with coconut on a wooden bench."' });
  const { text } = await rig.call('assistant.altText', { attachmentId: picture.id });
  expect(text).toBe('A tray of lamingtons dusted with coconut on a wooden bench.');

  const sent = rig.fake.chatRequests()[0]!.body as { messages: Array<{ role: string; content: unknown }> };
  expect(sent.messages[0]!.role).toBe('system');
  const parts = sent.messages[1]!.content as Array<{ type: string; image_url?: { url: string; detail: string } }>;
  expect(parts.map((part) => part.type)).toEqual(['text', 'image_url']);
  const url = parts[1]!.image_url!.url;
  expect(url).toMatch(/^data:image\/jpeg;base64,/);
  const meta = await sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 768, 576]);
  expect(parts[1]!.image_url!.detail).toBe('low');
  // Only a suggestion: the attachment's alt text is the owner's to set.
  expect((await rig.call('media.list', { postId: picture.postId })).attachments[0]!.altText).toBe('');

  // The preview names the picture instead of printing its bytes, and sends nothing.
  const preview = await rig.call('assistant.preview', { kind: 'altText', attachmentId: picture.id });
  expect(preview.messages[1]!.content).toMatch(/^Alt text for this picture, please\.\n\[the picture, made smaller: a JPEG of \d+ KB\]$/);
  expect(rig.fake.chatRequests()).toHaveLength(1);
});

test('a model that takes no pictures is named plainly; a video is refused before anything is sent', async () => {
  const { postId, picture } = await setUp();
  textOnly = await new FakeOpenAiApi({ apiKey: HOSTED_KEY, textOnlyModels: ['gpt-test'] }).start();
  await rig.call('assistant.saveSettings', { kind: 'hosted', baseUrl: textOnly.baseUrl, model: 'gpt-test' });
  await expect(rig.call('assistant.altText', { attachmentId: picture.id })).rejects.toThrow(NO_PICTURES_MESSAGE);
  expect(textOnly.chatRequests()).toHaveLength(1);

  const video = await attach(postId, movie(2));
  await expect(rig.call('assistant.altText', { attachmentId: video.id })).rejects.toThrow('Alt text is for pictures');
  expect(textOnly.chatRequests()).toHaveLength(1);
});

test('the fake refuses what OpenAI refuses in content parts', async () => {
  rig = await openAssistantRig();
  const post = (content: unknown, role = 'user') => fetch(`${rig.fake.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${HOSTED_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-test', messages: [{ role, content }] }),
  });
  const jpeg = (await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).jpeg().toBuffer()).toString('base64');
  expect((await post([{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg}` } }])).status).toBe(200);
  expect((await post([{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg}` } }], 'system')).status).toBe(400);
  expect((await post([{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,bm90IGEgcGljdHVyZQ==' } }])).status).toBe(400);
  expect((await post([{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg}`, detail: 'huge' } }])).status).toBe(400);
  expect((await post([])).status).toBe(400);
});
