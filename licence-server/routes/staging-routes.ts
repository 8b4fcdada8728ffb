import type { FastifyError, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { MAX_STAGED_BYTES, STAGED_NAME, STAGING_API } from '@shared/licence/staging-api';
import { requireDevice } from '../auth/require-device';
import { deviceStore } from '../db/device-store';
import { LicenceHttpError } from '../errors';
import type { Services } from '../services';
import { STAGED_CONTENT_TYPE, type MediaStorage } from '../staging/media-storage';
import { startExpirySweep } from '../staging/expiry-sweep';
import type { StagedMediaTables } from '../staging/staging-migration';
import { StagingService, tooLarge } from '../staging/staging-service';
import { seatedLicence } from './devices-routes';

const typeRefused = () => new LicenceHttpError('media_type_refused', 'Only JPEG pictures can be staged for Instagram; send the bytes as image/jpeg.');

/**
 * Media staging (shared/licence/staging-api.ts):
 * - `POST /v1/media` — a seated device stages a JPEG (the bytes are checked, not the header).
 * - `DELETE /v1/media/:name` — the device releases it once its post is published.
 * - `GET|HEAD /media/:name` — public, no sign-in, for Meta's crawler (disk storage; a bucket
 *   hands out presigned URLs instead). Answers 404 once the file is released or expired.
 * - `GET /robots.txt` — allows `/media/`, so no crawler is told to stay away.
 * Expired files are swept on a timer (`STAGING_SWEEP_MS`).
 */
export function stagingRoutes(app: FastifyInstance, services: Services, storage: MediaStorage): StagingService {
  const service = new StagingService(services.db.db as unknown as Kysely<StagedMediaTables>, storage, services.config.staging, services.clock);
  const stopSweep = startExpirySweep(service, services.config.staging.sweepIntervalMs, app.log);
  app.addHook('onClose', async () => stopSweep());

  void app.register(async (scope) => {
    // Raw bytes only in this scope; anything else (JSON included) is not a picture.
    scope.addContentTypeParser([STAGED_CONTENT_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_STAGED_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((error: FastifyError, _request, _reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw tooLarge();
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') throw typeRefused();
      throw error;
    });

    scope.post(STAGING_API.media, {
      bodyLimit: MAX_STAGED_BYTES,
      // A declared length over the cap is refused before a byte of the body is read.
      onRequest: async (request) => {
        const declared = Number(request.headers['content-length'] ?? '0');
        if (declared > MAX_STAGED_BYTES) throw tooLarge();
      },
      handler: async (request, reply) => {
        const deviceId = requireDevice(request, services);
        seatedLicence(await deviceStore.findForLease(services.db.db, deviceId));
        if (!Buffer.isBuffer(request.body)) throw typeRefused();
        const staged = await service.stage(deviceId, request.body, services.config.publicUrl);
        request.log.info({ deviceId, bytes: request.body.length, storage: storage.kind }, 'Media staged');
        return reply.status(201).header('cache-control', 'no-store').send(staged);
      },
    });
  });

  app.delete<{ Params: { name: string } }>(`${STAGING_API.media}/:name`, async (request, reply) => {
    const deviceId = requireDevice(request, services);
    if (!STAGED_NAME.test(request.params.name)) throw new LicenceHttpError('unknown_media', 'There is no such staged picture for this computer.');
    await service.release(deviceId, request.params.name);
    request.log.info({ deviceId }, 'Staged media released');
    return reply.status(204).send();
  });

  app.route<{ Params: { name: string } }>({
    method: ['GET', 'HEAD'],
    url: `${STAGING_API.publicMedia}/:name`,
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const file = STAGED_NAME.test(request.params.name) ? await service.open(request.params.name) : null;
      if (file === null) {
        return reply.status(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not found.');
      }
      void reply
        .header('content-type', STAGED_CONTENT_TYPE)
        .header('content-length', String(file.size))
        // Gone at release or expiry: no cache may keep serving it.
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff');
      if (request.method === 'HEAD') {
        file.stream.destroy();
        return reply.send();
      }
      return reply.send(file.stream);
    },
  });

  app.get('/robots.txt', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(`User-agent: *\nAllow: ${STAGING_API.publicMedia}/\nDisallow: /v1/\n`),
  );
  return service;
}
