import { randomBytes } from 'node:crypto';
import type { BodyPart, StreamedBody } from '../ports/http-client';

/** One field of a multipart/form-data body: text, or bytes (in memory or a file range) with a file name and type. */
export type MultipartField = { name: string; value: string } | { name: string; filename: string; contentType: string; content: BodyPart };

/**
 * A `multipart/form-data` body (RFC 7578) as a streamed body: the boundaries and text fields are
 * small byte parts, a file's bytes stay a file range read from disk as it is sent. Returns the
 * Content-Type to send with it (it names the boundary).
 */
export function multipartBody(fields: readonly MultipartField[]): { contentType: string; body: StreamedBody } {
  const boundary = `agencyiq-${randomBytes(16).toString('hex')}`;
  const parts: BodyPart[] = [];
  const text = (value: string) => parts.push(Buffer.from(value, 'utf8'));
  for (const field of fields) {
    text(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(field.name)}"`);
    if ('value' in field) {
      text(`\r\n\r\n${field.value}\r\n`);
      continue;
    }
    text(`; filename="${quoted(field.filename)}"\r\nContent-Type: ${field.contentType}\r\n\r\n`);
    parts.push(field.content);
    text('\r\n');
  }
  text(`--${boundary}--\r\n`);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: { parts } };
}

/** A quoted-string parameter value: quotes and line breaks cannot end the header early. */
const quoted = (value: string) => value.replace(/["\r\n\\]/g, '_');
