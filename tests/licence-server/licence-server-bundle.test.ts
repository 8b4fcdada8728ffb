import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LICENCE_API } from '@shared/licence/licence-api';

// How the built licence server (`npm run licence-server`, out/licence-server/) keeps its memory at
// rest low (build/bundle.mjs; the figure is `licence.idle_rss_ratio` in `npm run bench -- licence`).
// Serving through the bundle, Stripe included, is licence-server-process.test.ts.

const OUT = path.resolve('out/licence-server');
const bundle = () => fs.readFileSync(path.join(OUT, 'server.cjs'));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the licence server bundle', () => {
  it('is pure ASCII, so V8 keeps its source as one byte per character', () => {
    const bytes = bundle();
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it('leaves the Stripe SDK and the PostgreSQL client out, to be loaded on first use', () => {
    const text = bundle().toString('latin1');
    expect(text).toContain('import("stripe")');
    expect(text).toContain('import("pg")');
    // Code only the SDKs contain (their request signing and wire protocol).
    expect(text).not.toContain('Stripe-Version');
    expect(text).not.toContain('SCRAM-SHA-256');
  });

  it('leaves the AWS S3 SDK out, loaded only when staging uses a bucket', () => {
    const text = bundle().toString('latin1');
    expect(text).toContain('import("@aws-sdk/client-s3")');
    expect(text).toContain('import("@aws-sdk/s3-request-presigner")');
    // Request signing (SigV4) lives only in the SDK.
    expect(text).not.toContain('X-Amz-Signature');
  });

  it("leaves fastify's schema compilers, its inject helper and zod's other languages out", () => {
    const text = bundle().toString('latin1');
    // Required from node_modules only if a route ever declares a fastify schema (none does).
    expect(text).toContain('require("@fastify/ajv-compiler")');
    expect(text).toContain('require("@fastify/fast-json-stringify-compiler")');
    expect(text).toContain('require("light-my-request")');
    expect(text).not.toContain('ajv.removeSchema');
    // zod's English messages stay; its French ones (and the other 40-odd languages) do not.
    expect(text).toContain('Invalid input: expected ');
    expect(text).not.toContain('invalide : ');
  });

  it('writes its compiled code to the compile cache next to the bundle once it listens, for the next start', async () => {
    const { deployed, output } = startDeployedCopy();
    const cache = path.join(deployed, '.compile-cache');
    try {
      await expect.poll(() => output.text, { timeout: 15_000 }).toContain('Licence server listening');
      // The bundle's entry is in the cache while the server is still running (not only at a clean exit).
      const entries = fs.readdirSync(cache, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      const largest = Math.max(...entries.map((entry) => fs.statSync(path.join(entry.parentPath, entry.name)).size));
      expect(largest).toBeGreaterThan(100_000);
    } finally {
      output.child.kill('SIGKILL');
    }
  });

  it("answers its first request that fails validation with zod's English message", async () => {
    const { output } = startDeployedCopy();
    try {
      await expect.poll(() => output.text, { timeout: 15_000 }).toContain('Licence server listening');
      const address = /"address":"(http:[^"]+)"/.exec(output.text)?.[1];
      const response = await fetch(`${address}${LICENCE_API.challenge}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ publicKey: 42 }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe('invalid_request');
      expect(body.message).toContain('(publicKey): Invalid input: expected string, received number');
    } finally {
      output.child.kill('SIGKILL');
    }
  });
});

/** A deployed copy of the built server (node_modules is found from the project, as in production), started. */
function startDeployedCopy(): { deployed: string; output: { child: ChildProcess; text: string } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licence-bundle-'));
  dirs.push(dir);
  const deployed = path.join(dir, 'app');
  fs.mkdirSync(deployed);
  for (const file of ['main.cjs', 'server.cjs']) fs.copyFileSync(path.join(OUT, file), path.join(deployed, file));
  fs.symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
  const child = spawn(process.execPath, [path.join(deployed, 'main.cjs')], {
    env: {
      PATH: process.env['PATH'],
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LICENCE_DB_PATH: path.join(dir, 'licence.db'),
      STRIPE_SECRET_KEY: 'sk_test_bundleTest',
      STRIPE_WEBHOOK_SECRET: 'whsec_bundleTest',
      STRIPE_PRICE_STARTER: 'price_s',
      STRIPE_PRICE_GROWTH: 'price_g',
      STRIPE_PRICE_PROFESSIONAL: 'price_p',
      LICENCE_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { child, text: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  return { deployed, output };
}
