import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { applyTimeouts } from '../../src/http/graceful-stop.js';

describe('HTTP timeouts', () => {
  it('when nothing is set, then keep-alive outlasts a 60 s balancer, headers a second more, a request 30 s', () => {
    const config = loadConfig({});
    const server = createServer();
    applyTimeouts(server, { keepAliveSeconds: config.httpKeepAliveSeconds, requestTimeoutSeconds: config.httpRequestTimeoutSeconds });
    expect(server.keepAliveTimeout).toBe(65_000);
    expect(server.headersTimeout).toBe(66_000);
    expect(server.requestTimeout).toBe(30_000);
  });

  it('when the settings are given, then the server takes them', () => {
    const config = loadConfig({ HTTP_KEEP_ALIVE_SECONDS: '120', HTTP_REQUEST_TIMEOUT_SECONDS: '10' });
    const server = createServer();
    applyTimeouts(server, { keepAliveSeconds: config.httpKeepAliveSeconds, requestTimeoutSeconds: config.httpRequestTimeoutSeconds });
    expect([server.keepAliveTimeout, server.headersTimeout, server.requestTimeout]).toEqual([120_000, 121_000, 10_000]);
  });

  it('when a setting is not a whole number of seconds in range, then the start stops with one line naming it', () => {
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_SECONDS: 'soon' })).toThrow(/^Invalid setting HTTP_KEEP_ALIVE_SECONDS: [^\n]*$/);
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_SECONDS: '0' })).toThrow(/^Invalid setting HTTP_KEEP_ALIVE_SECONDS/);
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_SECONDS: '2.5' })).toThrow(/^Invalid setting HTTP_REQUEST_TIMEOUT_SECONDS/);
  });
});
