import { Router, type Response } from 'express';
import type { z } from 'zod';
import type { Pool } from '../db/pool.js';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { officesFor } from '../routing/routing.actions.js';
import { errorText } from '../web/error-texts.js';
import { formIssues } from '../web/staff-issues.js';
import { doneText, formOf, formRefusal, send, text, viewerIn, type Gate } from '../web/staff-pages.js';
import { STAFF_LANGUAGE } from '../web/staff.texts.js';
import type { FormIssue } from '../routing/admin-nav.page.js';
import { adminUsersPage, USER_FIELDS, type UserValues } from './admin-users.page.js';
import { accountsFor, createAccount } from './users.actions.js';
import { newUserSchema } from './users.schema.js';

const isErrorCode = (message: string): message is ErrorCode => (ERROR_CODES as readonly string[]).includes(message);

/** The form's issues; a rule the schema names by a domain error's code (an officer's office) is told as the page tells that error. */
function userFormIssues(error: z.ZodError): FormIssue[] {
  return formIssues(error).map((issue) => {
    const code = error.issues.find((i) => i.path.join('.') === issue.path)?.message;
    return code !== undefined && isErrorCode(code) ? { ...issue, message: errorText(code, STAFF_LANGUAGE) } : issue;
  });
}

/** The admin page of staff accounts: the list and the form that adds one. */
export function usersPages(deps: { pool: Pool; gate: Gate }): Router {
  const { pool, gate } = deps;
  const router = Router();

  const usersPage = async (res: Response, status: number, values: UserValues, issues: FormIssue[], notice?: string) => {
    const viewer = viewerIn(res);
    const [users, offices] = await Promise.all([accountsFor(pool, viewer.user), officesFor(pool, viewer.user)]);
    send(res, status, adminUsersPage({ viewer, users, offices, values, issues, notice }));
  };

  router.get('/staff/admin/users', gate('admin.manage', 'page'), async (req, res) => {
    await usersPage(res, 200, {}, [], doneText(req.query.done));
  });

  router.post('/staff/admin/users', gate('admin.manage', 'post'), async (req, res) => {
    const form = formOf(req);
    const values: UserValues = Object.fromEntries(USER_FIELDS.map((f) => [f, text(form[f])]));
    const parsed = newUserSchema.safeParse({
      email: values.email, password: values.password, role: values.role,
      ...(values.office?.trim() ? { office: values.office } : {}),
      displayName: values.displayName,
    });
    if (!parsed.success) {
      await usersPage(res, 422, values, userFormIssues(parsed.error));
      return;
    }
    try {
      await createAccount(pool, viewerIn(res).user, parsed.data);
    } catch (error) {
      const refusal = formRefusal(error);
      await usersPage(res, refusal.status, values, refusal.issues);
      return;
    }
    res.redirect(303, '/staff/admin/users?done=created');
  });

  return router;
}
