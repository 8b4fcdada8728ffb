import type { Readable } from 'node:stream';

/** A staged file opened for serving. */
export interface StoredFile {
  stream: Readable;
  size: number;
}

/**
 * Where staged bytes live. Disk (one instance, or a shared volume) serves them through the
 * server's own public route; an S3-compatible bucket (several instances behind a load balancer)
 * hands out presigned GET URLs, so the bytes never pass through an instance on the way out.
 */
export interface MediaStorage {
  readonly kind: 'disk' | 's3';
  put(name: string, bytes: Buffer): Promise<void>;
  /** Deletes the file; a file that is already gone is not an error. */
  remove(name: string): Promise<void>;
  /** Every name held, for tests and operators (what the sweep should have left). */
  list(): Promise<string[]>;
  /**
   * The public URL of a staged file that has `lifetimeMs` left. Disk: `${serverUrl}/media/<name>`
   * (checked against the database on every request). S3: a presigned GET URL valid that long.
   */
  publicUrl(name: string, lifetimeMs: number, serverUrl: string): Promise<string>;
  /** Disk only: the file to serve on the public route; null when it is not there. */
  open?(name: string): Promise<StoredFile | null>;
}

/** The one content type staging accepts and serves. */
export const STAGED_CONTENT_TYPE = 'image/jpeg';
