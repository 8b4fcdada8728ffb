import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import { SessionTokens } from './auth/session-token';
import type { LicenceServerConfig } from './config';
import type { LicenceDb } from './db/open-licence-db';
import { LicenceHttpError } from './errors';
import { limitRequestsPerTurn } from './http/fair-turns';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors';
import { randomIds, type IdSource } from './ids';
import { LastSeenRecorder } from './leases/last-seen-recorder';
import { LeaseService } from './leases/lease-service';
import { RateCounter, type RateCounterTables } from './limits/rate-counter';
import { lazyRequestLoggerFactory } from './logging/lazy-request-logger';
import { REDACTED, redactSecrets } from './logging/redact-log';
import { activationRoutes } from './routes/activation-routes';
import { chargeRoutes } from './routes/charge-routes';
import { checkoutPages } from './routes/checkout-pages';
import { checkoutRoutes } from './routes/checkout-routes';
import { devicesRoutes } from './routes/devices-routes';
import { healthRoute } from './routes/health-route';
import { leaseRoutes } from './routes/lease-routes';
import type { OAuthRelayConfig } from './oauth-relay/relay-config';
import { oauthRelayRoutes } from './routes/oauth-relay-routes';
import { plansRoute } from './routes/plans-route';
import { portalRoutes } from './routes/portal-routes';
import { stagingRoutes } from './routes/staging-routes';
import { stripeWebhookRoute } from './routes/stripe-webhook-route';
import type { Clock, Services } from './services';
import { LeaseSigner, type SigningKey } from './signing/lease-signer';
import { diskStorage } from './staging/disk-storage';
import type { MediaStorage } from './staging/media-storage';

/** Where log lines go; pino's options. */
export interface LoggerOptions {
  level: LicenceServerConfig['logLevel'];
  /** Defaults to stdout; tests pass a stream to read the lines back. */
  stream?: { write(line: string): void };
}

export interface LicenceServerDeps {
  db: LicenceDb;
  stripe: () => Promise<Stripe>;
  clock: Clock;
  signingKey: SigningKey;
  config: LicenceServerConfig;
  logger: LoggerOptions;
  ids?: IdSource;
  /** The OAuth relay's confidential clients (Meta, LinkedIn); none configured = relay refuses. */
  oauthRelay?: OAuthRelayConfig;
  /** Where staged media lives (staging/open-media-storage.ts); default the folder `config.staging.dir`. */
  mediaStorage?: MediaStorage;
}

/** Whatever a serialised request carries under these paths is replaced (secret keys elsewhere: redact-log.ts). */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["stripe-signature"]',
  'req.headers.cookie',
  '*.licenceKey',
  '*.licence_key',
  '*.signature',
  '*.nonce',
  '*.token',
  '*.stripeSecretKey',
  '*.stripeWebhookSecret',
  '*.sessionSecret',
  '*.signingKey',
];

/**
 * The licence server: a fastify instance with every route group registered, ready to listen
 * or to `inject`. Everything it touches comes in through `deps`.
 */
export function buildServer(deps: LicenceServerDeps): FastifyInstance {
  const app = Fastify({
    logger: {
      level: deps.logger.level,
      redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
      // …and by key at any depth, whatever the line carries (logging/redact-log.ts).
      formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) },
      ...(deps.logger.stream ? { stream: deps.logger.stream } : {}),
    },
    // Per-request access lines would cost more than a lease renewal; errors and domain events are logged.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyRequestLoggerFactory,
    bodyLimit: 64 * 1024,
    // Sized for thousands of idle app connections behind a load balancer that reuses them.
    keepAliveTimeout: 75_000,
    connectionTimeout: 0,
    requestTimeout: deps.config.requestTimeoutMs,
    // Given to http.createServer itself: Node checks for overdue requests every
    // connectionsCheckingInterval (30 s by default, which let a stalled body live ~89 s), and
    // its headersTimeout (60 s by default) must not exceed requestTimeout.
    http: {
      requestTimeout: deps.config.requestTimeoutMs,
      headersTimeout: deps.config.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(deps.config.requestTimeoutMs / 10))),
    },
    // Fastify's and Node's own refusals in the API's {code, message} shape too.
    frameworkErrors,
    clientErrorHandler,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    // request.ip: the socket address, or the client a configured proxy names (per-source limits).
    trustProxy: deps.config.trustProxy.length === 0 ? false : deps.config.trustProxy,
  });

  // Thousands of busy connections must not starve new ones of accepts (see fair-turns.ts).
  limitRequestsPerTurn(app.server);

  const lastSeen = new LastSeenRecorder(deps.db, app.log);
  app.addHook('onClose', () => lastSeen.flush());
  const services: Services = {
    db: deps.db,
    stripe: deps.stripe,
    clock: deps.clock,
    config: deps.config,
    ids: deps.ids ?? randomIds,
    tokens: new SessionTokens(deps.config.sessionSecret, deps.config.sessionTtlSeconds),
    leases: new LeaseService({ db: deps.db, signer: new LeaseSigner(deps.signingKey), plans: deps.config.plans, lastSeen }),
    rates: new RateCounter(deps.db.db as unknown as Kysely<RateCounterTables>),
  };

  // POST without a body (a lease renewal) is fine: an empty JSON body reads as undefined.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') done(null, undefined);
    else parseJson(request, text, done);
  });

  app.setErrorHandler((error: FastifyError | LicenceHttpError, request, reply) => {
    if (error instanceof LicenceHttpError) {
      if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(error.statusCode).send(error.body());
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.status(status).send({ code: 'invalid_request', message: `The request was not understood: ${error.message}` });
    }
    request.log.error({ err: error }, 'Request failed');
    return reply.status(500).send({ code: 'internal', message: 'Something went wrong on the licence server. Try again in a minute.' });
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ code: 'invalid_request', message: 'There is no such address on the licence server.' }));

  healthRoute(app, services);
  plansRoute(app, services);
  devicesRoutes(app, services);
  checkoutRoutes(app, services);
  leaseRoutes(app, services);
  activationRoutes(app, services);
  chargeRoutes(app, services);
  portalRoutes(app, services);
  stripeWebhookRoute(app, services);
  checkoutPages(app, services);
  oauthRelayRoutes(app, services, deps.oauthRelay ?? {});
  stagingRoutes(app, services, deps.mediaStorage ?? diskStorage(deps.config.staging.dir));
  return app;
}
