import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { resolveDatabase } from './database.js';
import { migrate } from './migrate.js';
import { createPool } from './pool.js';

try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await resolveDatabase(config, logger);
  const pool = createPool(database.url, 1);
  try {
    const applied = await migrate(pool);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database already up to date');
  } finally {
    await pool.end();
    await database.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `migrate failed: ${(error as Error).message}`);
  process.exit(1);
}
