import type { RequestHandler } from 'express';
import { rateLimit, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { ApiError } from './api-error.js';

const HOUR_MS = 3_600_000;

/**
 * RedisStore loads its Lua scripts once, at init; if Redis is down then, every
 * later call fails even after Redis is back. This wrapper loads them again
 * after a failure. While Redis is down the limiter lets requests through
 * (passOnStoreError): Redis being down is no reason to refuse a letter.
 */
class ReloadingRedisStore implements Store {
  private readonly inner: RedisStore;
  private options: Options | undefined;

  constructor(redis: Redis, readonly prefix: string) {
    this.inner = new RedisStore({
      prefix,
      sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
    });
  }

  private loaded: Promise<void> = Promise.resolve();

  init(options: Options): void {
    this.options = options;
    this.loaded = this.inner.init(options);
    this.loaded.catch(() => undefined);
  }

  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      await this.loaded;
    } catch {
      if (this.options) this.init(this.options);
      await this.loaded;
    }
    return call();
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.guarded(() => this.inner.increment(key));
  }

  decrement(key: string): Promise<void> {
    return this.guarded(() => this.inner.decrement(key));
  }

  resetKey(key: string): Promise<void> {
    return this.guarded(() => this.inner.resetKey(key));
  }
}

/** The seconds to wait when `error` is the limiter's refusal (for a page that answers it itself), else undefined. */
export function rateLimitedFor(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.code !== 'rate_limited') return undefined;
  return error.options.retryAfterSeconds ?? 3600;
}

export const isRateLimited = (error: unknown): boolean => rateLimitedFor(error) !== undefined;

/** Letters per client per hour; 0 switches the limit off. Shared through Redis when there is one. */
export function submissionRateLimit(perHour: number, redis: Redis | undefined, prefix: string): RequestHandler {
  if (perHour === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: HOUR_MS,
    limit: perHour,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    passOnStoreError: true,
    ...(redis ? { store: new ReloadingRedisStore(redis, `${prefix}:rl:`) } : {}),
    // Passed on, not answered here: the API answers it as JSON, the citizen form as its page.
    handler: (req, _res, next) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 3600;
      next(new ApiError(429, 'rate_limited', 'rate_limited', { retryAfterSeconds: seconds }));
    },
  });
}
