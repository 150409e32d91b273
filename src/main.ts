import { run } from './run.js';

// npm start: API, workers and schedulers in one process; --api: the API alone.
await run(process.argv.includes('--api') ? 'api' : 'all');
