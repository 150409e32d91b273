import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Queue } from 'bullmq';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { pinoHttp } from 'pino-http';
import type { Pool } from '../db/pool.js';
import type { TrustProxy } from '../config.js';
import type { Logger } from '../logger.js';
import { LOOPBACK_ALLOW, parseAllowList, type AllowList } from '../ops/allow-list.js';
import { httpMetrics, metricsEndpoint } from '../ops/metrics.http.js';
import { createMetrics, type Metrics } from '../ops/metrics.js';
import type { Producers } from '../queue/producers.js';
import { submissionRoutes } from '../submissions/submission.routes.js';
import { acceptLetter } from '../submissions/accept.js';
import { PROJECT_ROOT } from '../project-root.js';
import { citizenRoutes } from '../web/citizen.routes.js';
import { staffFormBody, staffPageErrors, staffPageRoutes } from '../web/staff.routes.js';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from '../ops/queue-dashboard.js';
import { notFound } from './api-error.js';
import { errorHandler } from './error-handler.js';
import { healthRoutes, type ReadinessCheck } from './health.routes.js';
import { openApiRoutes } from './openapi.routes.js';
import { submissionRateLimit } from './rate-limit.js';
import { adminRoutes } from '../staff/admin.routes.js';
import { authRoutes } from '../staff/auth.routes.js';
import { csrfGuard, requireAction, requireStaff } from '../staff/guards.js';
import { requireEnrolled, totpRoutes } from '../staff/totp.routes.js';
import { letterRoutes } from '../staff/letters.routes.js';
import { postalRoutes } from '../staff/postal.routes.js';
import { printRoutes } from '../staff/print.routes.js';
import { privacyRoutes } from '../staff/privacy.routes.js';
import { DEFAULT_SESSION_MAX_HOURS, sessionMiddleware } from '../staff/session.js';
import { loginCsrf } from '../web/staff-login-csrf.js';
import { referenceDataRoutes } from './reference-data.routes.js';

export type AppDeps = {
  pool: Pool;
  logger: Logger;
  /** Absent: letters are stored and left for the reconciler to queue. */
  producers?: Pick<Producers, 'enqueueRoute' | 'enqueueMail'>;
  /** Shared store for the rate limiter; absent means per-process memory. */
  redis?: Redis;
  queueReady: ReadinessCheck;
  clock?: () => Date;
  rateLimitPerHour: number;
  /** Namespaces this deployment's Redis keys. */
  keyPrefix?: string;
  /** express's 'trust proxy' (never true: the client writes the left-most X-Forwarded-For). */
  trustProxy?: TrustProxy;
  /** Signs staff session cookies. */
  sessionSecret: string;
  /** Sets the Secure flag on the session cookie (production, behind HTTPS). */
  secureCookies?: boolean;
  /** A staff session ends this many hours after sign-in, however busy (SESSION_MAX_HOURS); absent: 12. */
  sessionMaxHours?: number;
  /** Where links in mail point, and the origin staff browsers come from. */
  publicBaseUrl: string;
  mailFrom: string;
  /** Shown to admins on the queue dashboard (bull-board) under /staff/queues. */
  queues?: readonly Queue[];
  /** Where this process's series are recorded and /metrics reads them; absent: a registry of this app's own. */
  metrics?: Metrics;
  /** Who may read /metrics; absent: loopback only. */
  metricsAllow?: AllowList;
  /** True once the process has begun to stop: /readyz answers 503. */
  stopping?: () => boolean;
};

const REQUEST_ID = /^[\w.-]{1,64}$/;

const STATIC_DIR = path.join(PROJECT_ROOT, 'src', 'web', 'static');

/** helmet's default policy with inline styles allowed: for Swagger UI and bull-board only. */
const THIRD_PARTY_UI_CSP = Object.entries({
  ...helmet.contentSecurityPolicy.getDefaultDirectives(),
  'style-src': ["'self'", "'unsafe-inline'"],
})
  .map(([name, values]) => `${name} ${[...values].join(' ')}`.trim())
  .join(';');

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  // Referrer only within the site: tracking links carry tokens in their query, and with
  // no referrer at all browsers send `Origin: null` on our own form posts.
  app.use(
    helmet({
      referrerPolicy: { policy: 'same-origin' },
      // Our pages have no inline script or style at all; only the two third-party
      // tools below (Swagger UI, bull-board) need inline styles.
      contentSecurityPolicy: { directives: { styleSrc: ["'self'"] } },
    }),
  );
  app.use(['/api/docs', QUEUE_DASHBOARD_PATH], (_req, res, next) => {
    res.setHeader('Content-Security-Policy', THIRD_PARTY_UI_CSP);
    next();
  });
  const metrics = deps.metrics ?? createMetrics({ pool: deps.pool });
  app.use(httpMetrics(metrics));
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Paths only: query strings carry tracking tokens.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.use(healthRoutes(deps.pool, deps.queueReady, deps.stopping));
  app.use(openApiRoutes());
  app.get('/metrics', metricsEndpoint(metrics, deps.metricsAllow ?? parseAllowList(LOOPBACK_ALLOW)));

  const api = express.Router();
  const clock = deps.clock ?? (() => new Date());
  // One limit per client for the API and the form together.
  const submissionLimit = submissionRateLimit(deps.rateLimitPerHour, deps.redis, deps.keyPrefix ?? 'pisarnica');
  api.use(referenceDataRoutes());
  api.use(
    submissionRoutes({
      pool: deps.pool,
      producers: deps.producers,
      clock,
      logger: deps.logger,
      metrics,
      rateLimit: submissionLimit,
    }),
  );
  const sessions = sessionMiddleware(deps.pool, { secret: deps.sessionSecret, secure: deps.secureCookies ?? false });
  const sessionRules = { clock, maxHours: deps.sessionMaxHours ?? DEFAULT_SESSION_MAX_HOURS };
  const loginTokens = loginCsrf(deps.sessionSecret, deps.secureCookies ?? false);
  const ownOrigin = [new URL(deps.publicBaseUrl).origin];
  const staffPaths = ['/auth', '/me', '/staff', '/admin'];
  api.use(staffPaths, sessions.middleware, csrfGuard(ownOrigin));
  api.use(authRoutes({ pool: deps.pool, clock, sessions: sessionRules }));
  api.use(['/staff', '/admin'], requireStaff(deps.pool, sessionRules), requireEnrolled(deps.pool));
  const actionDeps = {
    pool: deps.pool,
    mail: { publicBaseUrl: deps.publicBaseUrl, mailFrom: deps.mailFrom },
    enqueueMail: (ids: readonly number[]) => deps.producers?.enqueueMail(ids) ?? Promise.resolve(false),
  };
  api.use(letterRoutes(actionDeps));
  api.use(postalRoutes({ pool: deps.pool, producers: deps.producers, clock, metrics, logger: deps.logger }));
  api.use(printRoutes({ pool: deps.pool, clock }));
  api.use(adminRoutes({ pool: deps.pool }));
  api.use(privacyRoutes({ pool: deps.pool }));
  api.use(totpRoutes({ pool: deps.pool, clock, sessions: sessionRules }));
  api.use(() => {
    throw notFound();
  });
  app.use('/api/v1', api);

  app.use('/static', express.static(STATIC_DIR, { maxAge: '1h', index: false }));
  app.use('/staff', sessions.middleware, staffFormBody, csrfGuard(ownOrigin, loginTokens.check));
  app.use(staffPageRoutes({
    pool: deps.pool, logger: deps.logger, clock, actions: actionDeps, producers: deps.producers, metrics, sessions: sessionRules, loginCsrf: loginTokens,
  }));
  if (deps.queues?.length) {
    app.use(QUEUE_DASHBOARD_PATH, requireStaff(deps.pool, sessionRules), requireEnrolled(deps.pool), requireAction('admin.manage'), queueDashboard(deps.queues));
  }
  app.use('/staff', staffPageErrors);
  app.use(
    citizenRoutes({
      pool: deps.pool,
      rateLimit: submissionLimit,
      accept: async (letter) => {
        const result = await acceptLetter({ pool: deps.pool, producers: deps.producers, logger: deps.logger, metrics }, letter, clock(), { via: 'form' });
        if (result.kind !== 'created') throw new Error('a letter without an Idempotency-Key is always new');
        return result.receipt;
      },
    }),
  );
  app.use(() => {
    throw notFound();
  });
  app.use(errorHandler(deps.logger));
  return app;
}
