import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres } from './embedded.js';

export type Database = { url: string; close(): Promise<void> };

/** DATABASE_URL when set, otherwise the embedded server under ./.data. */
export async function resolveDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, close: async () => undefined };
  const embedded = await startEmbeddedPostgres(config.dataDir, logger);
  return { url: embedded.url, close: () => embedded.stop() };
}
