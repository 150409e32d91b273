import { openApiDocument } from './src/http/openapi.js';
import { OPERATIONS } from './src/operations.js';
const doc = openApiDocument(OPERATIONS, { sessionCookie: 'pisarnica.sid' }) as any;
const out: Record<string, unknown> = {};
for (const [p, item] of Object.entries(doc.paths)) if (p.startsWith('/api/v1/admin/offices') || p.startsWith('/api/v1/admin/rules') || /^\/api\/v1\/admin\/users(\/\{id\})?$/.test(p)) out[p] = item;
console.log(JSON.stringify({ paths: out, schemas: Object.fromEntries(['Office', 'RoutingRule', 'StaffUser'].map((k) => [k, doc.components.schemas[k]])) }, null, 1));
