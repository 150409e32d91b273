import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { resolveDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { createLogger } from './logger.js';
import { createStaffUser, StaffUserError } from './staff/create-user.js';
import { secondFactorRequired } from './staff/totp.js';
import { newUserSchema } from './staff/staff-user.schema.js';
import { DuplicateEmailError, UnknownOfficeError } from './staff/users.store.js';
import { audit } from './audit/audit.store.js';
import { isMessageKey, translate } from './i18n/messages.js';

const USAGE = 'usage: npm run cli -- create-user --email E --password P --role admin|supervisor|officer|clerk [--office CODE] [--name "Full Name"]';

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

async function createUser(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      office: { type: 'string' },
      name: { type: 'string' },
    },
    strict: true,
  });
  const parsed = newUserSchema.safeParse({
    email: values.email,
    password: values.password,
    role: values.role,
    office: values.office,
    displayName: values.name,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue ? (isMessageKey(issue.message) ? translate(issue.message, 'en') : issue.message) : 'invalid';
    fail(`--${String(issue?.path[0] ?? 'arguments')}: ${message}\n${USAGE}`);
  }
  const config = loadConfig();
  const logger = createLogger('warn');
  const database = await resolveDatabase(config, logger);
  const pool = createPool(database.url, 2);
  let problem: string | undefined;
  try {
    await migrate(pool);
    const id = await createStaffUser(pool, parsed.data);
    await audit(pool, { actorId: null, action: 'user.created', targetType: 'staff_user', targetId: String(id), details: { role: parsed.data.role, via: 'cli' } });
    console.log(`created ${parsed.data.role} ${parsed.data.email} (id ${id})`);
    if (secondFactorRequired(parsed.data.role)) console.log('the first login sets up the second factor (an authenticator app)');
  } catch (error) {
    if (error instanceof DuplicateEmailError) problem = `a staff account with the email ${parsed.data.email} already exists`;
    else if (error instanceof UnknownOfficeError) problem = `unknown office "${parsed.data.office}"`;
    else if (error instanceof StaffUserError) problem = error.message;
    else problem = (error as Error).message;
  } finally {
    await pool.end();
    await database.close();
  }
  if (problem) fail(problem);
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'create-user') await createUser(rest);
  else fail(`unknown command ${command ?? '(none)'}\n${USAGE}`);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
}
