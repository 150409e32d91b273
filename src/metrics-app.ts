import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { notFound } from './http/api-error.js';
import { errorHandler } from './http/error-handler.js';
import type { Logger } from './logger.js';
import type { AllowList } from './ops/allow-list.js';
import { metricsEndpoint } from './ops/metrics.http.js';
import type { Metrics } from './ops/metrics.js';

// Composition, like createApp in app.ts: it wires the HTTP error plumbing,
// which ops/ itself does not import.

/** The worker-only process's HTTP surface: /metrics and nothing else. */
export function createMetricsApp(metrics: Metrics, allow: AllowList, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsEndpoint(metrics, allow));
  app.use(() => {
    throw notFound();
  });
  app.use(errorHandler(logger));
  return app;
}

/** Serves the metrics app on host:port (0: any free port); resolves once listening. */
export async function listenForMetrics(
  metrics: Metrics,
  allow: AllowList,
  logger: Logger,
  host: string,
  port: number,
): Promise<{ server: Server; url: string }> {
  const app = createMetricsApp(metrics, allow, logger);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shownHost}:${address.port}/metrics` };
}
