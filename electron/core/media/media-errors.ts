import { CoreError } from '../errors';

/** Why a file was refused; each has its own words for the owner. */
export type MediaRefusal = 'empty' | 'unsupported_type' | 'heic' | 'unreadable' | 'too_large';

/**
 * A file the library will not take. Nothing is stored when this is thrown: the copy is written
 * beside the library and removed, and the database is not touched.
 */
export class MediaRefusedError extends CoreError {
  constructor(
    readonly refusal: MediaRefusal,
    message: string,
  ) {
    super('invalid_request', message);
    this.name = 'MediaRefusedError';
  }
}

export const heicRefused = (): MediaRefusedError =>
  new MediaRefusedError(
    'heic',
    'This photo is in the iPhone HEIC format, which AgencyIQ cannot read. Save it as JPEG ' +
      '(on the iPhone: Settings → Camera → Formats → Most Compatible, or export it as JPEG) and add it again.',
  );

export const unsupportedRefused = (): MediaRefusedError =>
  new MediaRefusedError('unsupported_type', 'This file is not a picture, video or document AgencyIQ can use. Use JPEG, PNG or WebP pictures, MP4 or MOV videos, or a PDF (LinkedIn only).');

export const unreadableRefused = (what: 'picture' | 'video' | 'PDF', why: string): MediaRefusedError =>
  new MediaRefusedError('unreadable', `This ${what} looks damaged and could not be read (${why}). Nothing was added.`);
