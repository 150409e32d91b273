import { createRequire } from 'node:module';
import path from 'node:path';
import express, { Router } from 'express';
import { z } from 'zod';
import { operationsWith } from './operation.js';
import { DOCS_PATH, OPENAPI_PATH } from './openapi.js';

/** swagger-ui-dist's folder, from node_modules: the page works without the internet. */
const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export const DOCS_ASSETS_PATH = `${DOCS_PATH}/assets`;
export const DOCS_INIT_PATH = `${DOCS_PATH}/init.js`;

/** The files of swagger-ui-dist the page uses; nothing else of the folder is served. */
const ASSETS = new Set([
  'swagger-ui.css',
  'swagger-ui.css.map',
  'swagger-ui-bundle.js',
  'swagger-ui-bundle.js.map',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);

// A file of its own, not inline: helmet's CSP allows scripts from 'self' only.
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pisarnica API</title>
<link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_ASSETS_PATH}/favicon-32x32.png" sizes="32x32">
</head>
<body>
<noscript><p>This page needs JavaScript. The OpenAPI document itself is at <a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a>.</p></noscript>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_INIT_PATH}"></script>
</body>
</html>
`;

const operation = operationsWith<{ openApiText(): string }>();

export const openApiOperations = [
  operation({
    method: 'get',
    path: OPENAPI_PATH,
    tag: 'Operations',
    summary: 'This document (OpenAPI 3.1)',
    permission: 'public',
    responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
    handler: async ({ res }, ctx) => {
      res.type('application/json').set('Cache-Control', 'no-cache').send(ctx.openApiText());
      return undefined;
    },
  }),
];

/** The reference page at `/api/docs` (the document itself is an operation). */
export function openApiRoutes(): Router {
  const router = Router();

  router.get(DOCS_PATH, (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(PAGE);
  });

  router.get(DOCS_INIT_PATH, (_req, res) => {
    res.type('application/javascript').set('Cache-Control', 'no-cache').send(INIT_SCRIPT);
  });

  const assets = express.static(SWAGGER_UI_DIR, { index: false, redirect: false, maxAge: '1h' });
  router.use(DOCS_ASSETS_PATH, (req, res, next) => {
    if (ASSETS.has(req.path.slice(1))) assets(req, res, next);
    else next();
  });

  return router;
}
