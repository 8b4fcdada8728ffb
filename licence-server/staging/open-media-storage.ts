import type { StagingConfig } from '../config';
import { diskStorage } from './disk-storage';
import type { MediaStorage } from './media-storage';
import { s3Storage } from './s3-storage';

/** The bucket when one is configured (`STAGING_S3_BUCKET`), else the folder (`STAGING_DIR`). */
export function openMediaStorage(config: StagingConfig): Promise<MediaStorage> {
  return config.s3 !== null ? s3Storage(config.s3) : Promise.resolve(diskStorage(config.dir));
}
