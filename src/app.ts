import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Queue } from 'bullmq';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { pinoHttp } from 'pino-http';
import type { Pool } from './db/pool.js';
import type { TrustProxy } from './config.js';
import type { Logger } from './logger.js';
import { LOOPBACK_ALLOW, parseAllowList, type AllowList } from './ops/allow-list.js';
import { httpMetrics, metricsEndpoint } from './ops/metrics.http.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { countLettersByStatus } from './submissions/submission.store.js';
import type { Producers } from './queue/producers.js';
import { acceptLetter } from './submissions/accept.js';
import { PROJECT_ROOT } from './project-root.js';
import { citizenPages } from './submissions/citizen.pages.js';
import { contactPages } from './submissions/contact.pages.js';
import { staffFormBody, staffGate, staffPageErrors } from './web/staff-pages.js';
import { postalPageRoutes } from './post/postal.pages.js';
import { printPageRoutes } from './post/print.pages.js';
import { penPageRoutes } from './inbound/pen.pages.js';
import { reportsPageRoutes } from './reports/reports.pages.js';
import { letterPages } from './letters/letters.pages.js';
import { routingPages } from './routing/routing.pages.js';
import { usersPages } from './staff/users.pages.js';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './ops/queue-dashboard.js';
import { notFound } from './http/api-error.js';
import { errorHandler } from './http/error-handler.js';
import { expectedMigration, type ReadinessCheck } from './ops/health.api.js';
import { mountOperations } from './http/mount.js';
import { openApiDocument } from './http/openapi.js';
import { OPERATIONS, type ApiContext } from './operations.js';
import type { Action } from './staff/permissions.js';
import { openApiRoutes } from './http/openapi.routes.js';
import { submissionRateLimit } from './http/rate-limit.js';
import { authPages } from './staff/auth.pages.js';
import { csrfGuard, requireAction, requireEnrolled, requireStaff } from './staff/guards.js';
import { totpPages } from './staff/totp.pages.js';
import { DEFAULT_SESSION_MAX_HOURS, SESSION_COOKIE, sessionMiddleware, type SessionRules } from './staff/session.js';
import { loginCsrf } from './staff/login-csrf.js';

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
  /** MAIL_SIGNING_KEY: signs the Message-IDs of the mail staff actions write. */
  mailSigningKey: string;
  /** MAIL_REPLY_ADDRESS: the published address. */
  mailReplyAddress: string;
  /** Shown to admins on the queue dashboard (bull-board) under /staff/queues. */
  queues?: readonly Queue[];
  /** Where this process's series are recorded and /metrics reads them; absent: a registry of this app's own. */
  metrics?: Metrics;
  /** Who may read /metrics; absent: loopback only. */
  metricsAllow?: AllowList;
  /** True once the process has begun to stop: /readyz answers 503. */
  stopping?: () => boolean;
  /** Tests: every JSON answer of an operation is checked against its declared schema (a drift is a logged 500). */
  checkResponses?: boolean;
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

function securityHeaders(app: Express): void {
  app.disable('x-powered-by');
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
}

function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
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
  });
}

/** Runs a guard once per request, however many of the mounted layers ask for it. */
const once = (key: string, guard: RequestHandler): RequestHandler => (req, res, next) => {
  if (res.locals[key]) return next();
  res.locals[key] = true;
  return guard(req, res, next);
};

/**
 * The staff guards, each run once per request however many layers ask: the
 * session (401), enrolment in the second factor (403), and per operation the
 * role's action (403).
 */
function staffGuards(pool: Pool, rules: SessionRules) {
  const staff = once('guard.staff', requireStaff(pool, rules));
  const enrolled = once('guard.enrolled', requireEnrolled(pool));
  const forOperation = (permission: string): RequestHandler[] => {
    if (permission === 'public') return [];
    if (permission === 'signed-in') return [staff];
    return [staff, enrolled, requireAction(permission as Action)];
  };
  return { staff, enrolled, forOperation };
}

function apiContext(deps: AppDeps, metrics: Metrics, clock: () => Date, sessions: SessionRules): ApiContext {
  let text: string | undefined;
  return {
    pool: deps.pool,
    logger: deps.logger,
    clock,
    producers: deps.producers,
    metrics,
    mail: {
      publicBaseUrl: deps.publicBaseUrl, mailFrom: deps.mailFrom,
      mailSigningKey: deps.mailSigningKey, mailReplyAddress: deps.mailReplyAddress,
    },
    enqueueMail: (ids) => deps.producers?.enqueueMail(ids) ?? Promise.resolve(false),
    sessions,
    submissionLimit: submissionRateLimit(deps.rateLimitPerHour, deps.redis, deps.keyPrefix ?? 'pisarnica'),
    queueReady: deps.queueReady,
    stopping: deps.stopping ?? (() => false),
    expectedMigration: expectedMigration(),
    openApiText: () => (text ??= JSON.stringify(openApiDocument(OPERATIONS, { sessionCookie: SESSION_COOKIE }))),
  };
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.set('trust proxy', deps.trustProxy ?? false);
  securityHeaders(app);
  const metrics = deps.metrics ?? createMetrics({ lettersByStatus: (timeoutMs) => countLettersByStatus(deps.pool, timeoutMs) });
  app.use(httpMetrics(metrics));
  app.use(requestLog(deps.logger));
  app.get('/metrics', metricsEndpoint(metrics, deps.metricsAllow ?? parseAllowList(LOOPBACK_ALLOW)));
  app.use(openApiRoutes());

  const clock = deps.clock ?? (() => new Date());
  const sessionRules = { clock, maxHours: deps.sessionMaxHours ?? DEFAULT_SESSION_MAX_HOURS };
  const ctx = apiContext(deps, metrics, clock, sessionRules);
  const sessions = sessionMiddleware(deps.pool, { secret: deps.sessionSecret, secure: deps.secureCookies ?? false });
  const loginTokens = loginCsrf(deps.sessionSecret, deps.secureCookies ?? false);
  const ownOrigin = [new URL(deps.publicBaseUrl).origin];
  const staffPaths = ['/auth', '/me', '/staff', '/admin'].map((p) => `/api/v1${p}`);
  app.use(staffPaths, sessions.middleware, csrfGuard(ownOrigin));
  const guards = staffGuards(deps.pool, sessionRules);
  // Under these prefixes even an unknown path is 401 signed out, as it always was.
  app.use(['/api/v1/staff', '/api/v1/admin'], guards.staff, guards.enrolled);
  app.use(mountOperations(OPERATIONS, ctx, { guards: guards.forOperation, checkResponses: deps.checkResponses, logger: deps.logger }));
  app.use('/api/v1', () => {
    throw notFound();
  });

  app.use('/static', express.static(STATIC_DIR, { maxAge: '1h', index: false }));
  app.use('/staff', sessions.middleware, staffFormBody, csrfGuard(ownOrigin, loginTokens.check));
  const { viewerOf, gate } = staffGate(deps.pool, sessionRules);
  // First: its gate keeps an admin or supervisor without a second factor on the enrolment pages.
  app.use(totpPages({ pool: deps.pool, clock, viewerOf }));
  app.use(authPages({ pool: deps.pool, clock, gate, loginCsrf: loginTokens }));
  app.use(letterPages({ pool: deps.pool, actions: ctx, viewerOf, gate, loginCsrf: loginTokens }));
  app.use(postalPageRoutes({ ...ctx, gate }));
  app.use(printPageRoutes({ pool: deps.pool, gate }));
  app.use(penPageRoutes({ ...ctx, gate }));
  app.use(reportsPageRoutes({ pool: deps.pool, clock, gate }));
  app.use(routingPages({ pool: deps.pool, gate }), usersPages({ pool: deps.pool, gate }));
  if (deps.queues?.length) {
    app.use(QUEUE_DASHBOARD_PATH, guards.staff, guards.enrolled, requireAction('admin.manage'), queueDashboard(deps.queues));
  }
  app.use('/staff', staffPageErrors);
  app.use(contactPages({ pool: deps.pool, logger: deps.logger, allowedOrigins: ownOrigin }));
  app.use(
    citizenPages({
      pool: deps.pool,
      rateLimit: ctx.submissionLimit,
      accept: async (letter) => {
        const result = await acceptLetter(ctx, letter, clock(), { via: 'form' });
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
