import { z } from 'zod';
import { multipartBody, type MultipartField } from '../http/multipart-body';
import type { HttpRequest } from '../ports/http-client';
import { classifyGraphAnswer, readPostAnswer, type FacebookAdapterOptions } from './facebook';
import { filePath, readMediaStep, writeMediaStep } from './media-step';
import type { MediaItem, PublishRequest, PublishResult } from './platform-adapter';
import { asUploadResult, parseJsonBody, unansweredUpload } from './publish-http';

/** An unpublished photo: `POST /{page-id}/photos` with `published=false` answers `{id}`. */
const photoSchema = z.object({ id: z.string().regex(/^\d+$/) });

/**
 * Pictures on a Facebook Page (Graph "Page Photos"): one picture is one `POST /{page-id}/photos`
 * (multipart `source`, `message`, published) — itself the public step; several are each uploaded
 * unpublished (`published=false`, recorded as `facebook.photo.<n>`, so a restart uploads only what
 * is missing), then one `POST /{page-id}/feed` with `attached_media: [{media_fbid}]` is the public
 * step. Alt text goes as `alt_text_custom`. Pictures only: a post with a video goes through
 * facebook-video.ts (which refuses pictures beside it).
 */
export async function publishPhotos(options: FacebookAdapterOptions, request: PublishRequest): Promise<PublishResult> {
  const page = encodeURIComponent(request.accountId);
  const send = (http: Omit<HttpRequest, 'bearerToken' | 'timeoutMs'>) =>
    options.http.send({ ...http, bearerToken: request.accessToken, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
  const total = request.media.reduce((sum, item) => sum + item.byteLength, 0);

  if (request.media.length === 1) {
    const item = request.media[0]!;
    await request.beforePublicStep?.();
    const form = photoForm(item, [{ name: 'message', value: request.text }, { name: 'published', value: 'true' }]);
    // The public step; quitting aborts it too (an abort after it left is an unknown outcome).
    const result = await send({
      method: 'POST',
      url: `${options.baseUrl}/${page}/photos`,
      headers: { 'content-type': form.contentType, accept: 'application/json' },
      body: form.body,
      ...(request.signal ? { signal: request.signal } : {}),
      onBodyProgress: (sent) => request.onProgress?.({ sentBytes: Math.min(sent, total), totalBytes: total }),
    });
    return readPostAnswer(options, result, 'post_id');
  }

  const ids: string[] = [];
  let before = 0;
  for (const [index, item] of request.media.entries()) {
    const key = `facebook.photo.${index}`;
    let step = readMediaStep(request.steps, key, item, options.clock.now());
    if (step === null) {
      const form = photoForm(item, [{ name: 'published', value: 'false' }]);
      const result = await send({
        method: 'POST',
        url: `${options.baseUrl}/${page}/photos`,
        headers: { 'content-type': form.contentType, accept: 'application/json' },
        body: form.body,
        ...(request.signal ? { signal: request.signal } : {}),
        onBodyProgress: (sent) => request.onProgress?.({ sentBytes: before + Math.min(sent, item.byteLength), totalBytes: total }),
      });
      if (result.kind !== 'response') return unansweredUpload('facebook', result);
      if (result.status < 200 || result.status >= 300) return asUploadResult(classifyGraphAnswer(result, options.clock.now()));
      const photo = photoSchema.safeParse(parseJsonBody(result.body));
      if (!photo.success) {
        return { outcome: { kind: 'transient', message: `Facebook's answer to a photo upload could not be read (HTTP ${result.status}); nothing was posted.` }, httpStatus: result.status, platformErrorCode: null };
      }
      step = { file: filePath(item), bytes: item.byteLength, id: photo.data.id, expiresAt: null, phase: 'uploaded' };
      await writeMediaStep(request.steps, key, step);
    }
    ids.push(step.id);
    before += item.byteLength;
    request.onProgress?.({ sentBytes: before, totalBytes: total });
  }
  await request.beforePublicStep?.();
  const result = await send({
    method: 'POST',
    url: `${options.baseUrl}/${page}/feed`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ message: request.text, attached_media: ids.map((id) => ({ media_fbid: id })) }),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return readPostAnswer(options, result, 'id');
}

function photoForm(item: MediaItem, fields: MultipartField[]) {
  return multipartBody([
    ...fields,
    ...(item.altText !== null ? [{ name: 'alt_text_custom', value: item.altText }] : []),
    { name: 'source', filename: item.mimeType === 'image/png' ? 'photo.png' : 'photo.jpg', contentType: item.mimeType, content: { file: filePath(item), start: 0, length: item.byteLength } },
  ]);
}
