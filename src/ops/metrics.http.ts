import type { Request, RequestHandler } from 'express';
import { DomainError } from '../errors.js';
import type { AllowList } from './allow-list.js';
import { forwardedAddresses, isForwarded } from './forwarded.js';
import type { Metrics } from './metrics.js';

const UNMATCHED = 'unmatched';

function patternOf(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (Array.isArray(path) && path.every((p) => typeof p === 'string')) return path.join('|');
  return undefined;
}

/**
 * Times every request and labels it with the route pattern that handled it.
 * The router sets `req.route` when a route matches, while `req.baseUrl` is still
 * the mount path of the router holding it; an error leaving that router resets
 * baseUrl before the response is written, so the pattern is taken at that
 * moment rather than at the end. Our mount paths are fixed strings, so the
 * label never carries a reference or a token.
 */
export function httpMetrics(metrics: Pick<Metrics, 'httpRequest'>): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    let route: unknown;
    let pattern: string | undefined;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set(value: unknown) {
        route = value;
        const path = patternOf((value as { path?: unknown } | undefined)?.path);
        if (path !== undefined) pattern = req.baseUrl + path;
      },
    });
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequest(req.method, pattern ?? UNMATCHED, res.statusCode, seconds);
    });
    next();
  };
}

/**
 * Whether a request may read /metrics: its socket's address is on the list
 * and, when it carries forwarding headers, so is every client address they
 * name. A proxy on the same host connects from loopback; without the second
 * rule everyone behind it would be let in. An empty forwarding header counts
 * as one not on the list.
 */
export function mayReadMetrics(req: Request, allow: AllowList): boolean {
  if (!allow.allows(req.socket.remoteAddress)) return false;
  if (!isForwarded(req.headers)) return true;
  const forwarded = forwardedAddresses(req.headers);
  return forwarded.length > 0 && forwarded.every((address) => allow.allows(address));
}

/**
 * GET /metrics for the clients on the allow-list (by the socket's address and
 * every forwarded one; never by the headers alone, which anyone can write);
 * everyone else gets the same 404 as any unknown path.
 */
export function metricsEndpoint(metrics: Pick<Metrics, 'render'>, allow: AllowList): RequestHandler {
  return async (req, res) => {
    if (!mayReadMetrics(req, allow)) throw new DomainError('not_found');
    const { contentType, body } = await metrics.render();
    res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  };
}
