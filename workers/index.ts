import { run } from '../src/run.js';

// npm run start:worker: the route, mail and reconcile workers alone.
await run('worker');
