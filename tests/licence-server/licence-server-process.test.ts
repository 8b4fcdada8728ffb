import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSigningKey, rawPublicKey } from '../../licence-server/signing/lease-signer';
import { LICENCE_API, leaseResponseSchema } from '@shared/licence/licence-api';
import { FakeStripe } from '../fakes/stripe/fake-stripe';
import { TestDevice } from '../support/licence-server-harness';

// The built entry point (`npm run licence-server`), as deployed: configuration from the
// environment, the Stripe SDK loaded on first use, SIGTERM for a clean stop.
const MAIN = path.resolve('out/licence-server/main.cjs');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('licence server process', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('serves the API from its bundle with env configuration, sells through Stripe, and stops on SIGTERM', async () => {
    const fake = new FakeStripe({ apiKey: 'sk_test_processTest', webhookSecret: 'whsec_processTest' });
    await fake.start();
    cleanups.push(() => fake.stop());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licence-process-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const { privateKey } = generateKeyPairSync('ed25519');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const prices = { starter: fake.createPrice('Starter'), growth: fake.createPrice('Growth'), professional: fake.createPrice('Professional') };
    const child: ChildProcess = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env['PATH'],
        PORT: String(port),
        LICENCE_DB_PATH: path.join(dir, 'licence.db'),
        STRIPE_SECRET_KEY: 'sk_test_processTest',
        STRIPE_WEBHOOK_SECRET: 'whsec_processTest',
        STRIPE_API_URL: fake.url,
        STRIPE_PRICE_STARTER: prices.starter,
        STRIPE_PRICE_GROWTH: prices.growth,
        STRIPE_PRICE_PROFESSIONAL: prices.professional,
        LICENCE_SIGNING_KEY: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
        SESSION_SECRET: randomBytes(32).toString('hex'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cleanups.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    await expect.poll(() => output, { timeout: 15_000 }).toContain('Licence server listening');

    const device = new TestDevice(url, 'Process test');
    await device.signIn();
    const checkout = await device.call('POST', LICENCE_API.checkout, { plan: 'growth' });
    expect(checkout.status).toBe(200);
    const events = fake.completeCheckout(String(checkout.body['checkoutSessionId']));
    const deliveries = await fake.deliver(`${url}${LICENCE_API.stripeWebhook}`, events);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    const lease = leaseResponseSchema.parse((await device.call('POST', LICENCE_API.lease)).body);
    expect(lease.status).toBe('active');

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toContain(lease.status === 'active' ? lease.licenceKey : 'unreachable');
  });

  it('refuses to start with incomplete configuration, naming what is missing', () => {
    let message = '';
    try {
      execFileSync(process.execPath, [MAIN], { env: { PATH: process.env['PATH'] }, stdio: 'pipe' });
    } catch (error) {
      message = String((error as { stderr?: Buffer }).stderr);
    }
    expect(message).toContain('STRIPE_SECRET_KEY');
    expect(message).toContain('LICENCE_SIGNING_KEY');
  });

  it('keygen writes a private key file and prints its public key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licence-keygen-'));
    const file = path.join(dir, 'key.pem');
    const printed = execFileSync(process.execPath, [MAIN, 'keygen', file], { encoding: 'utf8' }).trim();
    expect(printed).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rawPublicKey(parseSigningKey(fs.readFileSync(file, 'utf8')))).toBe(printed);
    fs.rmSync(dir, { recursive: true });
  });
});
