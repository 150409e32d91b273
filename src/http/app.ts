import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { pinoHttp } from 'pino-http';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import type { Producers } from '../queue/producers.js';
import { submissionRoutes } from '../submissions/submission.routes.js';
import { notFound } from './api-error.js';
import { errorHandler } from './error-handler.js';
import { healthRoutes, type ReadinessCheck } from './health.routes.js';
import { submissionRateLimit } from './rate-limit.js';
import { referenceDataRoutes } from './reference-data.routes.js';

export type AppDeps = {
  pool: Pool;
  logger: Logger;
  /** Absent: letters are stored and left for the reconciler to queue. */
  producers?: Pick<Producers, 'enqueueRoute'>;
  /** Shared store for the rate limiter; absent means per-process memory. */
  redis?: Redis;
  queueReady: ReadinessCheck;
  clock?: () => Date;
  rateLimitPerHour: number;
  /** Namespaces this deployment's Redis keys. */
  keyPrefix?: string;
  trustProxy?: boolean | number;
};

const REQUEST_ID = /^[\w.-]{1,64}$/;

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(helmet());
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

  app.use(healthRoutes(deps.pool, deps.queueReady));

  const api = express.Router();
  api.use(referenceDataRoutes());
  api.use(
    submissionRoutes({
      pool: deps.pool,
      producers: deps.producers,
      clock: deps.clock ?? (() => new Date()),
      logger: deps.logger,
      rateLimit: submissionRateLimit(deps.rateLimitPerHour, deps.redis, deps.keyPrefix ?? 'pisarnica'),
    }),
  );
  api.use(() => {
    throw notFound();
  });
  app.use('/api/v1', api);
  app.use(() => {
    throw notFound();
  });
  app.use(errorHandler(deps.logger));
  return app;
}
