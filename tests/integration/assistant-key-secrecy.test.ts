import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { createConsoleLogger } from '../../electron/web-host/console-logger';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import { findSecretsInZip } from '../support/read-zip';
import { HOSTED_KEY, openAssistantRig, type AssistantRig } from '../support/assistant-harness';

// "The API key never appears in IPC responses, logs or the diagnostics zip": a run through the
// real core and the real redacting file logger that saves the key, uses it (successes and
// failures), then exports diagnostics; every answer, the log and the zip are searched for it.

let rig: AssistantRig;
afterEach(async () => rig.close());

test('the assistant key reaches the endpoint and nowhere else', async () => {
  const logsDir = fs.mkdtempSync(path.join(process.env['TMPDIR'] ?? '/tmp', 'agencyiq-assistant-logs-'));
  const logger = createConsoleLogger({ logFile: path.join(logsDir, 'main.log'), echo: false });
  rig = await openAssistantRig({ logger, logsFolder: logsDir });
  const dispatch = createDispatcher(rig.core.handlers, logger);
  const answers: unknown[] = [];
  const ask = async (channel: Parameters<typeof dispatch>[0], request: unknown) => {
    const answer = await dispatch(channel, request);
    answers.push(answer);
    return answer;
  };

  await ask('assistant.saveSettings', { kind: 'hosted', baseUrl: rig.fake.baseUrl, model: 'gpt-test', apiKey: HOSTED_KEY });
  await ask('assistant.settings', {});
  await ask('assistant.testConnection', {});
  await ask('assistant.write', { requestId: randomUUID(), prompt: 'Bread' });
  rig.fake.script({ status: 500 });
  await ask('assistant.write', { requestId: randomUUID(), prompt: 'Bread' });
  // A key the endpoint refuses: its error body names the key (masked); our answer does not.
  await ask('assistant.saveSettings', { kind: 'hosted', baseUrl: rig.fake.baseUrl, model: 'gpt-test', apiKey: `${HOSTED_KEY}x` });
  await ask('assistant.write', { requestId: randomUUID(), prompt: 'Bread' });
  await ask('assistant.testConnection', {});
  // The endpoint did receive it (so the searches below look for something real).
  expect(rig.fake.requests().some((request) => request.bearer === HOSTED_KEY)).toBe(true);
  expect(answers.filter((answer) => (answer as { ok: boolean }).ok === false).length).toBeGreaterThanOrEqual(2);

  const { path: zipPath } = await rig.call('diagnostics.export', {});
  answers.push(rig.events);
  const everyAnswer = JSON.stringify(answers);
  expect(everyAnswer).toContain('The assistant refused the API key');
  for (const key of [HOSTED_KEY, `${HOSTED_KEY}x`, HOSTED_KEY.slice(8)]) {
    expect(everyAnswer).not.toContain(key);
    expect(fs.readFileSync(path.join(logsDir, 'main.log'), 'utf8')).not.toContain(key);
  }
  expect(fs.readFileSync(path.join(logsDir, 'main.log'), 'utf8')).toContain('The assistant request failed');
  expect(findSecretsInZip(zipPath!, [HOSTED_KEY, `${HOSTED_KEY}x`])).toEqual([]);
  // Only ciphertext in the database file.
  for (const file of fs.readdirSync(rig.dataDir).filter((name) => name.startsWith('agencyiq.db'))) {
    expect(fs.readFileSync(path.join(rig.dataDir, file)).includes(HOSTED_KEY), file).toBe(false);
  }
  fs.rmSync(logsDir, { recursive: true, force: true });
});
