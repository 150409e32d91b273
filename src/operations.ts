import type { RequestHandler } from 'express';
import type { Pool } from './db/pool.js';
import { openApiOperations } from './http/openapi.routes.js';
import type { AnyOperation } from './http/operation.js';
import { lettersApi } from './letters/letters.api.js';
import type { Logger } from './logger.js';
import type { MailSettings } from './mail/letter-messages.js';
import { penApi } from './inbound/pen.api.js';
import { healthApi, type ReadinessCheck } from './ops/health.api.js';
import { postalApi } from './post/postal.api.js';
import { printApi } from './post/print.api.js';
import { privacyApi } from './privacy/privacy.api.js';
import type { Producers } from './queue/producers.js';
import { authApi } from './staff/auth.api.js';
import type { SessionRules } from './staff/session.js';
import { referenceDataApi } from './submissions/reference-data.api.js';
import { submissionsApi } from './submissions/submissions.api.js';
import { totpApi } from './staff/totp.api.js';
import { routingApi } from './routing/routing.api.js';
import { usersApi } from './staff/users.api.js';

/** Everything an operation's handler may be given; each resource's operations declare the part they use. */
export type ApiContext = {
  pool: Pool;
  logger: Logger;
  clock: () => Date;
  /** Absent: letters are stored and left for the reconciler to queue. */
  producers: Pick<Producers, 'enqueueRoute' | 'enqueueMail'> | undefined;
  /** Counts letters as they are accepted. */
  metrics: { letterReceived(channel: 'web' | 'postal', category: string): void };
  mail: MailSettings;
  /** Queues these outbox messages; false when the queue is unreachable (the reconciler picks them up). */
  enqueueMail(ids: readonly number[]): Promise<boolean>;
  sessions: SessionRules;
  /** One limit per client for letters from the API and the form together. */
  submissionLimit: RequestHandler;
  queueReady: ReadinessCheck;
  stopping: () => boolean;
  expectedMigration: Promise<string>;
  openApiText(): string;
};

/** The JSON API: every operation once; mounted by createApp, documented by GET /api/v1/openapi.json. */
export const OPERATIONS: readonly AnyOperation<ApiContext>[] = [
  ...healthApi,
  ...openApiOperations,
  ...submissionsApi,
  ...referenceDataApi,
  ...authApi,
  ...totpApi,
  ...lettersApi,
  ...routingApi,
  ...usersApi,
  ...privacyApi,
  ...postalApi,
  ...printApi,
  ...penApi,
];
