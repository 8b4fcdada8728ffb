import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { LICENCE_API } from '@shared/licence/licence-api';
import type { Services } from '../services';

/** GET /healthz: 200 when the database answers, for load balancers and start scripts. */
export function healthRoute(app: FastifyInstance, services: Services): void {
  app.get(LICENCE_API.health, async (_request, reply) => {
    await sql`select 1`.execute(services.db.db);
    return reply.send({ status: 'ok', database: services.db.kind });
  });
}
