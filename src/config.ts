import { parseSentinels, type RedisTarget } from './queue/redis-target.js';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ACK_PER_ADDRESS_PER_DAY } from './mail/acknowledgement-limit.js';
import { domainOf } from './mail/message-id.js';
import { AllowListError, LOOPBACK_ALLOW, parseAllowList, type AllowList } from './ops/allow-list.js';
import { PROJECT_ROOT } from './project-root.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const url = (protocols: readonly string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL (${protocols.join(' or ')})`);

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** express's names for address ranges ('trust proxy' accepts them among addresses). */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `false`, a hop count, or the proxies' addresses (IPs, CIDR ranges, express's
 * range names). `true` is refused: express would then take the left-most
 * X-Forwarded-For, which the client writes, as the client's address.
 */
function parseTrustProxy(value: string, ctx: z.RefinementCtx): TrustProxy {
  if (value === 'false') return false;
  if (/^\d{1,3}$/.test(value)) return Number(value);
  if (value.toLowerCase() === 'true') {
    ctx.addIssue({
      code: 'custom',
      message:
        "true is refused (the client writes the left-most X-Forwarded-For); use a hop count (1 behind one proxy) or the proxies' addresses",
    });
    return z.NEVER;
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.find((entry) => {
    if (PROXY_RANGE_NAMES.has(entry)) return false;
    try {
      parseAllowList(entry);
      return false;
    } catch (error) {
      if (error instanceof AllowListError) return true;
      throw error;
    }
  });
  if (bad === undefined) return entries;
  ctx.addIssue({
    code: 'custom',
    message: `${JSON.stringify(bad.slice(0, 80))} is not a hop count, IP address, CIDR range or one of loopback, linklocal, uniquelocal`,
  });
  return z.NEVER;
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optional(url(['postgres:', 'postgresql:'])),
  REDIS_URL: optional(url(['redis:', 'rediss:'])),
  // --- redis sentinel ---
  REDIS_SENTINELS: optional(z.string()).transform((value, ctx) => {
    if (value === undefined) return undefined;
    const parsed = parseSentinels(value);
    if ('error' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.sentinels;
  }),
  REDIS_SENTINEL_NAME: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be the master name the sentinels monitor').default('mymaster'),
  REDIS_PASSWORD: optional(z.string().min(1)),
  REDIS_SENTINEL_PASSWORD: optional(z.string().min(1)),
  // --- end redis sentinel ---
  SMTP_URL: optional(url(['smtp:', 'smtps:'])),
  IMAP_URL: optional(url(['imap:', 'imaps:'])).transform((value, ctx) => parseImapUrl(value, ctx)),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  MAIL_FROM: z
    .string()
    .regex(/^[^\r\n\0]+$/, 'must be one line')
    .default('Kabinet predsednika <no-reply@president.example>'),
  PUBLIC_BASE_URL: optional(url(['http:', 'https:'])),
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  SESSION_MAX_HOURS: z.coerce.number().int('must be a whole number of hours').min(1).max(720).default(12),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  RATE_LIMIT_SUBMISSIONS: z.coerce.number().int().min(0).default(20),
  RETENTION_DAYS: z.coerce.number().int().min(1).default(1825),
  ACK_PER_ADDRESS_PER_DAY: z.coerce.number().int().min(0).max(10000).default(ACK_PER_ADDRESS_PER_DAY),
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  RECONCILE_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  SHUTDOWN_DEADLINE_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  HTTP_KEEP_ALIVE_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  DATA_DIR: z.string().min(1).optional(),
  TRUST_PROXY: z
    .preprocess((value) => (value === '' ? undefined : value), z.string().default('false'))
    .transform((value, ctx) => parseTrustProxy(value.trim(), ctx)),
  METRICS_ALLOW: z
    .preprocess((value) => (value === '' ? undefined : value), z.string().default(LOOPBACK_ALLOW))
    .transform((value, ctx) => {
      try {
        return parseAllowList(value);
      } catch (error) {
        if (!(error instanceof AllowListError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    }),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  // --- email channel ---
  /** The published address (no +tag of its own); replies come to its plus addresses. */
  MAIL_REPLY_ADDRESS: optional(
    z.string().trim().regex(/^[A-Za-z0-9._-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, 'must be a plain address like pisma@president.example (no +tag, no name)'),
  ),
  /** HMAC key of our Message-IDs and reply addresses. */
  MAIL_SIGNING_KEY: optional(z.string().min(32, 'must be at least 32 characters')),
  // --- end email channel ---
});

/**
 * Outside production only: a fixed key, so development mail still verifies
 * after a restart (a random one would send every reply to the holding pen).
 */
export const DEVELOPMENT_MAIL_SIGNING_KEY = 'pisarnica-development-mail-signing-key (not secret)';

/** The published mailbox, from IMAP_URL. The password is never logged. */
export type ImapSettings = Readonly<{
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  folder: string;
}>;

/** `imap[s]://user:password@host[:port][/folder]`; user and password URL-encoded, folder INBOX by default. */
function parseImapUrl(value: string | undefined, ctx: z.RefinementCtx): ImapSettings | undefined {
  if (value === undefined) return undefined;
  const u = new URL(value);
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  };
  const user = decode(u.username);
  const password = decode(u.password);
  const folder = decode(u.pathname.replace(/^\/+|\/+$/g, '')) || 'INBOX';
  // Never echo the value: it holds the password.
  if (!u.hostname || !user || !password) {
    ctx.addIssue({ code: 'custom', message: 'must name a user, a password and a host (imap://user:password@host/INBOX)' });
    return z.NEVER;
  }
  if (/[\r\n\0*%]/.test(folder)) {
    ctx.addIssue({ code: 'custom', message: 'the folder must be one line without * or %' });
    return z.NEVER;
  }
  const secure = u.protocol === 'imaps:';
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : secure ? 993 : 143, secure, user, password, folder };
}

/** What express's 'trust proxy' is given: never `true`. */
export type TrustProxy = false | number | readonly string[];

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** REDIS_URL, or the master behind REDIS_SENTINELS; undefined: BullMQ's PostgreSQL backend. */
  redis: RedisTarget | undefined;
  smtpUrl: string | undefined;
  /** The published mailbox to fetch; without it, .eml files dropped into dataDir/inbox/. */
  imap: ImapSettings | undefined;
  /** How often the mailbox is polled besides IDLE (IDLE can die silently). */
  imapPollSeconds: number;
  mailFrom: string;
  publicBaseUrl: string;
  sessionSecret: string;
  /** A staff session ends this long after sign-in, however busy. */
  sessionMaxHours: number;
  logLevel: (typeof LOG_LEVELS)[number];
  rateLimitSubmissions: number;
  retentionDays: number;
  /** Acknowledgements one address may get in 24 hours; 0: no limit. */
  ackPerAddressPerDay: number;
  /** express's 'trust proxy': false, a hop count, or the proxies' addresses; never true. */
  trustProxy: TrustProxy;
  mailLeaseSeconds: number;
  mailRetryBaseMs: number;
  reconcileGraceSeconds: number;
  reconcileIntervalSeconds: number;
  shutdownDeadlineSeconds: number;
  /** How long an idle keep-alive connection stays open: above the load balancer's idle timeout. */
  httpKeepAliveSeconds: number;
  /** How long a client may take to send a whole request. */
  httpRequestTimeoutSeconds: number;
  /** Embedded PostgreSQL and .eml files without DATABASE_URL / SMTP_URL. */
  dataDir: string;
  /** Client addresses that may read /metrics. */
  metricsAllow: AllowList;
  /** Where a worker-only process serves /metrics (0: any free port). */
  metricsPort: number;
  // --- email channel ---
  /** The published address; each letter's Reply-To is its signed plus address. */
  mailReplyAddress: string;
  /** Signs our Message-IDs and reply addresses (≥ 32 characters). */
  mailSigningKey: string;
  // --- end email channel ---
}>;

export class ConfigError extends Error {}

function redisTarget(e: z.output<typeof envSchema>): RedisTarget | undefined {
  if (e.REDIS_SENTINELS === undefined) return e.REDIS_URL;
  if (e.REDIS_URL !== undefined) throw new ConfigError('Invalid setting REDIS_SENTINELS: set REDIS_URL or REDIS_SENTINELS, not both');
  return { sentinels: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME, password: e.REDIS_PASSWORD, sentinelPassword: e.REDIS_SENTINEL_PASSWORD };
}

/** Reads and validates the environment once; a bad value throws one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid setting ${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.SESSION_SECRET === undefined) {
    throw new ConfigError('Invalid setting SESSION_SECRET: required when NODE_ENV=production');
  }
  if (e.NODE_ENV === 'production' && e.MAIL_SIGNING_KEY === undefined) {
    throw new ConfigError('Invalid setting MAIL_SIGNING_KEY: required when NODE_ENV=production');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redis: redisTarget(e),
    smtpUrl: e.SMTP_URL,
    imap: e.IMAP_URL,
    imapPollSeconds: e.IMAP_POLL_SECONDS,
    mailFrom: e.MAIL_FROM,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionMaxHours: e.SESSION_MAX_HOURS,
    logLevel: e.LOG_LEVEL,
    rateLimitSubmissions: e.RATE_LIMIT_SUBMISSIONS,
    retentionDays: e.RETENTION_DAYS,
    ackPerAddressPerDay: e.ACK_PER_ADDRESS_PER_DAY,
    trustProxy: e.TRUST_PROXY,
    mailLeaseSeconds: e.MAIL_LEASE_SECONDS,
    mailRetryBaseMs: e.MAIL_RETRY_BASE_MS,
    reconcileGraceSeconds: e.RECONCILE_GRACE_SECONDS,
    reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
    shutdownDeadlineSeconds: e.SHUTDOWN_DEADLINE_SECONDS,
    httpKeepAliveSeconds: e.HTTP_KEEP_ALIVE_SECONDS,
    httpRequestTimeoutSeconds: e.HTTP_REQUEST_TIMEOUT_SECONDS,
    dataDir: path.resolve(PROJECT_ROOT, e.DATA_DIR ?? '.data'),
    metricsAllow: e.METRICS_ALLOW,
    metricsPort: e.METRICS_PORT,
    // --- email channel ---
    mailReplyAddress: (e.MAIL_REPLY_ADDRESS ?? `pisma@${domainOf(e.MAIL_FROM)}`).toLowerCase(),
    mailSigningKey: e.MAIL_SIGNING_KEY ?? DEVELOPMENT_MAIL_SIGNING_KEY,
    // --- end email channel ---
  };
}
