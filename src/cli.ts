import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { resolveDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { createLogger } from './logger.js';
import { createStaffUser } from './staff/users.actions.js';
import { secondFactorRequired } from './staff/totp.js';
import { newUserSchema, type NewUser } from './staff/users.schema.js';
import { isDomainError, type ErrorCode } from './errors.js';
import { audit } from './staff/audit.store.js';
import { isMessageKey, translate } from './i18n/messages.js';

const USAGE = 'usage: npm run cli -- create-user --email E --password P --role admin|supervisor|officer|clerk [--office CODE] [--name "Full Name"]';

/** The CLI's own wording of a refused account (it names the flags, not the form's fields). */
function refusal(code: ErrorCode, user: NewUser): string | undefined {
  const texts: Partial<Record<ErrorCode, string>> = {
    conflict: `a staff account with the email ${user.email} already exists`,
    unknown_office: `unknown office "${user.office}"`,
    officer_needs_office: 'an officer needs --office (the code of their office)',
    office_only_for_officers: `only officers are bound to an office, not a ${user.role}`,
  };
  return texts[code];
}

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
    problem = isDomainError(error) ? (refusal(error.code, parsed.data) ?? error.code) : (error as Error).message;
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
