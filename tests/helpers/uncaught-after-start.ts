import { run } from '../../src/run.js';

// The API as `npm run start:api` starts it, then a fault nothing catches: what the process does with it is under test.
await run('api');
setTimeout(() => {
  throw new Error('a fault nobody caught');
}, 10);
