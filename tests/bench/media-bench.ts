import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { loadSharp } from '../../electron/core/media/load-sharp';
import { prepareImage } from '../../electron/core/media/prepare-image';
import type { PublishSteps } from '../../electron/core/platforms/platform-adapter';
import { createYouTubeAdapter, YOUTUBE_CHUNK_BYTES } from '../../electron/core/platforms/youtube';
import { PLATFORM_MEDIA_LIMITS } from '@shared/platforms/media-limits';
import { FakeYouTubeUpload } from '../fakes/platforms/fake-youtube-upload';
import { median, report, timeMs } from './measure';

// `npm run bench -- media`:
// - media.upload_ratio: a 200 MB video through the YouTube adapter (session, 8 MiB chunks streamed
//   from disk through the app's HTTP client, 308s) to the fake, against a bare loop of streamed
//   PUTs of the same chunks to a session of the same fake (node:http + fs.createReadStream),
//   throughput adapter ÷ bare; rounds alternate, medians compared. Target ≥ 0.8.
// - media.upload_rss_delta_mb: peak resident growth during the first adapter upload. Target ≤ 40.
// - media.prepare_ratio: a 12-megapixel photo prepared for Instagram through prepare-image ÷ the
//   same sharp pipeline called directly. Target ≤ 1.2.

const VIDEO_BYTES = 200 * 1024 * 1024;
const ROUNDS = Number(process.env.MEDIA_BENCH_ROUNDS ?? 3);
const TOKEN = 'bench-token';

export async function runMediaBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-media-bench-'));
  try {
    await uploadFigures(dir);
    await prepareFigures(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function uploadFigures(dir: string): Promise<void> {
  const file = path.join(dir, 'video.mp4');
  const piece = randomBytes(8 * 1024 * 1024);
  const out = fs.openSync(file, 'w');
  for (let written = 0; written < VIDEO_BYTES; written += piece.length) fs.writeSync(out, piece, 0, Math.min(piece.length, VIDEO_BYTES - written));
  fs.closeSync(out);
  const fake = await new FakeYouTubeUpload({ isValidToken: (token) => token === TOKEN }).start();
  const adapter = createYouTubeAdapter({ baseUrl: fake.url, http: createNodeHttpClient({ timeoutMs: 120_000 }), clock: { now: () => Date.now() } });
  const viaAdapter = async () => {
    const journal = new Map<string, string>();
    const steps: PublishSteps = { get: (key) => journal.get(key) ?? null, record: async (key, value) => void journal.set(key, value) };
    const result = await adapter.publish({
      text: 'Bench',
      title: 'Bench video',
      media: [{ kind: 'video', source: { path: file }, mimeType: 'video/mp4', byteLength: VIDEO_BYTES, altText: null }],
      accountId: 'channel',
      authorId: null,
      accessToken: TOKEN,
      steps,
      onProgress: () => undefined,
      beforePublicStep: async () => undefined,
    });
    if (result.outcome.kind !== 'published') throw new Error(`The bench upload did not publish: ${result.outcome.kind}`);
  };
  const bare = () => barePuts(fake.openSession(VIDEO_BYTES, TOKEN), file);
  try {
    // Warm both paths once (connections, JIT), then measure; the first measured adapter upload also samples memory.
    await bare();
    await viaAdapter();
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const adapterMs = [await timeMs(viaAdapter)];
    clearInterval(sampler);
    const bareMs = [await timeMs(bare)];
    for (let round = 1; round < ROUNDS; round++) {
      adapterMs.push(await timeMs(viaAdapter));
      bareMs.push(await timeMs(bare));
    }
    if (fake.violations.length > 0) throw new Error(`The fake refused: ${fake.violations.join('; ')}`);
    report('media.upload_ratio', median(bareMs) / median(adapterMs));
    report('media.upload_adapter_mb_s', VIDEO_BYTES / 1048576 / (median(adapterMs) / 1000), 1);
    report('media.upload_bare_mb_s', VIDEO_BYTES / 1048576 / (median(bareMs) / 1000), 1);
    report('media.upload_rss_delta_mb', (peak - baseline) / 1048576, 1);
  } finally {
    await fake.stop();
  }
}

/** The same chunks as the adapter's, each a streamed PUT straight from the file, no app code in between. */
async function barePuts(session: string, file: string): Promise<void> {
  const agent = new http.Agent({ keepAlive: true });
  try {
    for (let start = 0; start < VIDEO_BYTES; start += YOUTUBE_CHUNK_BYTES) {
      const length = Math.min(YOUTUBE_CHUNK_BYTES, VIDEO_BYTES - start);
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(session, {
          method: 'PUT',
          agent,
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'video/mp4', 'content-length': length, 'content-range': `bytes ${start}-${start + length - 1}/${VIDEO_BYTES}` },
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        fs.createReadStream(file, { start, end: start + length - 1 }).pipe(req);
      });
      if (status !== 308 && status !== 201) throw new Error(`The bare upload got HTTP ${status}`);
    }
  } finally {
    agent.destroy();
  }
}

async function prepareFigures(dir: string): Promise<void> {
  const sharp = await loadSharp();
  const photo = path.join(dir, 'photo.jpg');
  // A 12-megapixel (4000×3000) photo with smooth detail, sideways (EXIF 6) as phones store them.
  const small = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c08040', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
  await sharp(small).resize(4000, 3000).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toFile(photo);
  const side = PLATFORM_MEDIA_LIMITS.instagram.image!.prepareLongestSide;
  const direct = () =>
    sharp(photo, { failOn: 'error' }).rotate().resize(side, side, { fit: 'inside', withoutEnlargement: true }).keepIccProfile().jpeg({ quality: 90, mozjpeg: true }).toBuffer();
  const app = () => prepareImage(photo, 'jpeg', 'instagram');
  await direct();
  await app();
  const appMs: number[] = [];
  const directMs: number[] = [];
  for (let round = 0; round < 5; round++) {
    appMs.push(await timeMs(app));
    directMs.push(await timeMs(direct));
  }
  report('media.prepare_ratio', median(appMs) / median(directMs));
}
