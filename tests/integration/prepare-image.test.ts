import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareImage } from '../../electron/core/media/prepare-image';
import { png, sidewaysJpeg } from '../support/media-fixtures';

// What the adapters will upload: upright, within the network's size, in a format it takes,
// colours as the owner saw them.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-prepare-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const save = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};

describe('prepareImage', () => {
  it('turns a sideways photo upright and strips the orientation flag', async () => {
    const prepared = await prepareImage(save('side.jpg', await sidewaysJpeg()), 'jpeg', 'x');
    expect([prepared.width, prepared.height]).toEqual([400, 600]);
    const meta = await sharp(prepared.bytes).metadata();
    expect(meta.orientation ?? 1).toBe(1);
  });

  it('converts a PNG to JPEG for Instagram and keeps it as PNG where it is taken', async () => {
    const file = save('shop.png', await png(2000, 1600));
    const forInstagram = await prepareImage(file, 'png', 'instagram');
    expect(forInstagram.format).toBe('jpeg');
    expect((await sharp(forInstagram.bytes).metadata()).format).toBe('jpeg');
    expect([forInstagram.width, forInstagram.height]).toEqual([1440, 1152]);
    expect((await prepareImage(file, 'png', 'linkedin')).format).toBe('png');
  });

  it('keeps the colour profile', async () => {
    const withProfile = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .jpeg()
      .withIccProfile('p3')
      .toBuffer();
    const before = (await sharp(withProfile).metadata()).icc;
    expect(before).toBeDefined();
    const prepared = await prepareImage(save('p3.jpg', withProfile), 'jpeg', 'instagram');
    const after = (await sharp(prepared.bytes).metadata()).icc;
    expect(after?.equals(before as Buffer)).toBe(true);
  });

  it('refuses YouTube, which takes no pictures', async () => {
    await expect(prepareImage(save('a.png', await png()), 'png', 'youtube')).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
