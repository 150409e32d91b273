import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { settleWithin } from '../deadline.js';

export type HttpTimeouts = { keepAliveSeconds: number; requestTimeoutSeconds: number };

/**
 * How long open keep-alive connections may still bring a request once the stop
 * has begun (it ends sooner when none is left): a balancer polling /readyz on
 * one learns "503, Connection: close" instead of finding its socket reset.
 */
export const IDLE_GRACE_MS = 5_000;

/**
 * Our timeouts instead of Node's. Keep-alive above the load balancer's idle
 * timeout (60 s on common ones), so we never close a socket it is about to
 * reuse; headers a second longer, as balancers' guides ask; a whole request
 * far under Node's 300 s.
 */
export function applyTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.keepAliveTimeout = timeouts.keepAliveSeconds * 1000;
  server.headersTimeout = (timeouts.keepAliveSeconds + 1) * 1000;
  server.requestTimeout = timeouts.requestTimeoutSeconds * 1000;
}

const untilDeadline = async (promise: Promise<unknown>, deadline: number): Promise<boolean> =>
  (await settleWithin(promise, { until: deadline })).state !== 'timed out';

/**
 * Stops taking connections, lets open ones end, and past the deadline cuts them.
 * Resolves true when every connection ended by itself.
 */
export async function closeServer(server: Server, deadline: number): Promise<boolean> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (await untilDeadline(closed, deadline)) return true;
  server.closeAllConnections();
  await closed;
  return false;
}

/**
 * The HTTP half of a graceful stop. Register before the app's 'request'
 * listener: once `stopping()` is true every answer carries `Connection: close`
 * (so keep-alive connections end after their current request), answers already
 * under way get it too when their headers are not yet out, and `stop` closes
 * the server within the deadline.
 */
export function drainOnStop(server: Server, stopping: () => boolean): { stop(deadline: number): Promise<boolean> } {
  const open = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let allGone: (() => void) | undefined;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) allGone?.();
    });
  });
  server.on('request', (_req, res: ServerResponse) => {
    if (stopping()) res.setHeader('Connection', 'close');
    open.add(res);
    res.once('close', () => open.delete(res));
  });
  return {
    async stop(deadline) {
      for (const res of open) {
        if (!res.headersSent) res.setHeader('Connection', 'close');
        // Its headers already said keep-alive: end the connection once this answer is out.
        else res.once('finish', () => res.socket?.end());
      }
      const grace = Math.min(IDLE_GRACE_MS, Math.max(0, deadline - Date.now()));
      await untilDeadline(new Promise<void>((resolve) => (sockets.size === 0 ? resolve() : (allGone = resolve))), Date.now() + grace);
      return closeServer(server, deadline);
    },
  };
}
