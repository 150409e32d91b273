import { run } from '../../src/run.js';
import { HANDLERS } from '../../workers/handlers.js';

// `npm run start:worker` with a job table missing its mail handler (argv "missing") or with two route handlers ("duplicate").
const broken = process.argv[2] === 'duplicate'
  ? [...HANDLERS, ...HANDLERS.filter((h) => h.queue === 'route')]
  : HANDLERS.filter((h) => h.queue !== 'mail');
await run('worker', { handlers: broken });
