import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSigningKey, rawPublicKey } from '../../licence-server/signing/lease-signer';
import { LICENCE_API, leaseResponseSchema } from '@shared/licence/licence-api';
import { SIGNED_LEASE_PATTERN } from '@shared/licence/lease-format';
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
    // Asked with SIGUSR2, the process prints which of Node's OpenSSL and TLS modules it has loaded.
    const probe = path.join(dir, 'loaded-probe.cjs');
    fs.writeFileSync(
      probe,
      "process.on('SIGUSR2', () => process.stdout.write('LOADED ' + JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (crypto|tls|https|http2)$/.test(m))) + '\\n'));",
    );
    const loadedNow = async (): Promise<string[]> => {
      const from = output.length;
      child.kill('SIGUSR2');
      await expect.poll(() => output.slice(from), { timeout: 5_000 }).toMatch(/LOADED \[.*\]\n/);
      return JSON.parse(/LOADED (\[.*\])\n/.exec(output.slice(from))![1]!) as string[];
    };
    const child: ChildProcess = spawn(process.execPath, ['--require', probe, MAIN], {
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
    // At rest it has not started OpenSSL (node:crypto, TLS): they load on first use (build/bundle.mjs).
    expect(await loadedNow()).toEqual([]);

    const device = new TestDevice(url, 'Process test');
    await device.signIn();
    const checkout = await device.call('POST', LICENCE_API.checkout, { plan: 'growth' });
    expect(checkout.status).toBe(200);
    const events = fake.completeCheckout(String(checkout.body['checkoutSessionId']));
    const deliveries = await fake.deliver(`${url}${LICENCE_API.stripeWebhook}`, events);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    const lease = leaseResponseSchema.parse((await device.call('POST', LICENCE_API.lease)).body);
    expect(lease.status).toBe('active');
    // Signed with the configured key, made on first use from the bytes checked at start.
    const signed = SIGNED_LEASE_PATTERN.exec(lease.status === 'active' ? lease.lease : '');
    expect(verify(null, Buffer.from(signed?.[1] ?? '', 'base64url'), privateKey, Buffer.from(signed?.[2] ?? '', 'base64url'))).toBe(true);
    expect(await loadedNow()).toContain('NativeModule crypto');

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
