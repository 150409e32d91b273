import { validate } from '@readme/openapi-parser';
import express, { type Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { webSubmissionSchema } from '../../src/submissions/submission.schema.js';
import { withTestApi, type TestApi } from '../helpers/api.js';
import type { TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let api: TestApi;

withTestApi('openapi', (d, a) => {
  db = d;
  api = a;
});

// ── the routes the app really serves ────────────────────────────────────────

type Layer = {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: unknown;
  /** Express 5 (router 2.x): the path a layer was mounted at, as given to use()/route(). */
  rawPath?: unknown;
};

function pathsOf(path: unknown): string[] {
  if (typeof path === 'string') return [path];
  if (Array.isArray(path)) return path.flatMap(pathsOf);
  // A RegExp mount, or a router version that no longer keeps rawPath: fail loudly, never pass vacuously.
  throw new Error(`cannot read a mount path from ${String(path)}`);
}

const joinPath = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);
/** `/submissions/:reference` → `/submissions/{reference}` */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/**
 * "METHOD /path" for every route of the app: walks the router stack, descends
 * into every mounted router (a layer whose handle has its own `stack`) with
 * the path it was mounted at, and reads each route layer's path and methods.
 * Plain middleware (sessions, guards, express.static) has no routes and is skipped.
 */
function mountedRoutes(app: Express): Set<string> {
  const found = new Set<string>();
  const walk = (stack: readonly Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of pathsOf(layer.route.path)) {
          for (const method of Object.keys(layer.route.methods)) {
            found.add(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${openApiPath(joinPath(prefix, path))}`);
          }
        }
        continue;
      }
      const inner = (layer.handle as { stack?: unknown } | undefined)?.stack;
      if (Array.isArray(inner)) {
        for (const path of pathsOf(layer.rawPath)) walk(inner as Layer[], joinPath(prefix, path === '/' ? '' : path));
      }
    }
  };
  walk((app.router as unknown as { stack: Layer[] }).stack, '');
  return found;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown>; requestBody?: any }>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
};

function documentedRoutes(doc: Doc): Set<string> {
  const routes = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) if (HTTP_METHODS.includes(method)) routes.add(`${method.toUpperCase()} ${path}`);
  }
  return routes;
}

/** The reference page and its script are a page, not API operations. */
const isApiOperation = (route: string) => / \/api\//.test(route) && !/ \/api\/docs(\/|$)/.test(route);

async function fetchDocument(): Promise<Doc> {
  const res = await request(api.app).get('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.body as Doc;
}

describe('the route walker', () => {
  it('when routers are nested under a mount path, then it reports their routes with the full path and {params}', () => {
    const app = express();
    const inner = express.Router();
    inner.get('/things/:id', (_req, res) => res.end());
    inner.patch('/things/:id', (_req, res) => res.end());
    const outer = express.Router();
    outer.use((_req, _res, next) => next());
    outer.use(inner);
    app.use('/api/v1', outer);
    app.get('/healthz', (_req, res) => res.end());
    expect([...mountedRoutes(app)].sort()).toEqual(['GET /api/v1/things/{id}', 'GET /healthz', 'PATCH /api/v1/things/{id}']);
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('when fetched, then it is a valid OpenAPI 3.1 document', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('when compared with the app, then every route under /api is described and every described route is served', async () => {
    const doc = await fetchDocument();
    const served = mountedRoutes(api.app);
    const documented = documentedRoutes(doc);

    // The walk really reached the nested routers.
    expect(served).toContain('POST /api/v1/submissions');
    expect(served).toContain('PATCH /api/v1/admin/users/{id}');
    expect(served).toContain('GET /api/v1/staff/print-queue/{id}/pdf');
    expect([...served].filter(isApiOperation).length).toBeGreaterThanOrEqual(30);

    const undocumented = [...served].filter(isApiOperation).filter((route) => !documented.has(route));
    expect(undocumented).toEqual([]);
    const notServed = [...documented].filter((route) => !served.has(route));
    expect(notServed).toEqual([]);
    // Outside /api: the health checks are described too.
    expect(documented).toContain('GET /healthz');
    expect(documented).toContain('GET /readyz');
  });

  it('when describing the letter intake, then its body is the very schema that validates letters', async () => {
    const doc = await fetchDocument();
    const body = doc.paths['/api/v1/submissions']?.post?.requestBody?.content?.['application/json']?.schema;
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.consent).toEqual({ type: 'boolean', enum: [true] });
    expect(body.required).toContain('consent');
    expect(Object.keys(body.properties).sort()).toEqual(Object.keys(webSubmissionSchema.shape).sort());
    expect(Object.keys(doc.paths['/api/v1/submissions']?.post?.responses ?? {}).sort()).toEqual(
      ['200', '201', '400', '409', '413', '415', '422', '429', '503'],
    );
  });

  it('when describing staff operations, then they require the session cookie and name 401 and 403', async () => {
    const doc = await fetchDocument();
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'pisarnica.sid' });
    const staffPaths = Object.entries(doc.paths).filter(([path]) => /^\/api\/v1\/(staff|admin|me)\b/.test(path));
    expect(staffPaths.length).toBeGreaterThan(10);
    for (const [path, item] of staffPaths) {
      for (const [method, operation] of Object.entries(item)) {
        expect(operation.security, `${method} ${path}`).toEqual([{ session: [] }]);
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(Object.keys(operation.responses).some((s) => /^2/.test(s)), `${method} ${path} has a success answer`).toBe(true);
      }
    }
  });
});

describe('GET /api/docs', () => {
  it('when fetched, then it is a page that loads swagger-ui from this server, with no inline script', async () => {
    const res = await request(api.app).get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);

    const scripts = [...res.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/api\/docs\//);
      expect(content?.trim()).toBe('');
    }

    const urls = [...res.text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    const local = urls.filter((u) => u.startsWith('/api/docs/'));
    expect(local).toEqual(expect.arrayContaining(['/api/docs/assets/swagger-ui-bundle.js', '/api/docs/assets/swagger-ui.css', '/api/docs/init.js']));
    expect(urls.filter((u) => /^(https?:)?\/\//.test(u))).toEqual([]);
    for (const url of local) {
      const asset = await request(api.app).get(url);
      expect(asset.status, url).toBe(200);
      if (url.endsWith('.js')) expect(asset.headers['content-type'], url).toMatch(/javascript/);
      if (url.endsWith('.css')) expect(asset.headers['content-type'], url).toMatch(/^text\/css/);
    }

    const init = await request(api.app).get('/api/docs/init.js');
    expect(init.text).toContain('"/api/v1/openapi.json"');
  });

  it('when asked for a file of swagger-ui-dist the page does not use, then 404', async () => {
    expect((await request(api.app).get('/api/docs/assets/index.html')).status).toBe(404);
    expect((await request(api.app).get('/api/docs/assets/swagger-initializer.js')).status).toBe(404);
    expect((await request(api.app).get('/api/docs/assets/../package.json')).status).toBe(404);
  });
});
