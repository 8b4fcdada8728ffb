import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** A local S3-compatible server (s3rver) with one bucket, on 127.0.0.1 and an ephemeral port. */
export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** The licence server's env for staging in this bucket. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startLocalS3(bucket = 'agencyiq-staging'): Promise<LocalS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'local-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket }] });
  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    env: {
      STAGING_S3_BUCKET: bucket,
      STAGING_S3_ENDPOINT: endpoint,
      STAGING_S3_FORCE_PATH_STYLE: 'true',
      STAGING_S3_ACCESS_KEY_ID: 'S3RVER',
      STAGING_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
