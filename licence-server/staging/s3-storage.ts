import { STAGED_CONTENT_TYPE, type MediaStorage } from './media-storage';

/** Where the bucket is; credentials come from these or, when absent, the SDK's usual chain (AWS_* env, instance role). */
export interface S3StagingConfig {
  bucket: string;
  region: string;
  /** An S3-compatible endpoint (R2, MinIO, a local test server); null = AWS S3. */
  endpoint: string | null;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Keys under this prefix, so the bucket can hold other things too. */
  prefix: string;
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

/**
 * Staged files in an S3-compatible bucket, shared by every instance. The SDK is loaded only here,
 * when a bucket is configured: a disk deployment never pays for it (build/bundle.mjs keeps it out
 * of the bundle). Public URLs are presigned GETs that stop working at the file's expiry, and the
 * sweep deletes the object then, so the URL answers S3's own refusal (expired signature, or
 * NoSuchKey 404 once the object is gone).
 */
export async function s3Storage(config: S3StagingConfig): Promise<MediaStorage> {
  const { S3Client, PutObjectCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint !== null ? { endpoint: config.endpoint } : {}),
    ...(config.credentials !== null ? { credentials: config.credentials } : {}),
  });
  const key = (name: string) => `${config.prefix}${name}`;
  return {
    kind: 's3',
    async put(name, bytes) {
      await client.send(
        new PutObjectCommand({ Bucket: config.bucket, Key: key(name), Body: bytes, ContentType: STAGED_CONTENT_TYPE, ContentLength: bytes.length, CacheControl: 'no-store' }),
      );
    },
    async remove(name) {
      // S3 answers 204 for a key that does not exist, so a second removal is harmless.
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key(name) }));
    },
    async list() {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: config.prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key) names.push(object.Key.slice(config.prefix.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return names.sort();
    },
    async publicUrl(name, lifetimeMs) {
      // SigV4 presigned URLs live at most 7 days; staging never asks for more than 24 h.
      const seconds = Math.min(Math.max(1, Math.ceil(lifetimeMs / 1000)), 7 * 24 * 3600);
      return getSignedUrl(client, new GetObjectCommand({ Bucket: config.bucket, Key: key(name) }), { expiresIn: seconds });
    },
  };
}
