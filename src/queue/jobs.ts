import { z } from 'zod';

/** Jobs carry ids only; the worker reads the row and decides from its state. */
export const routeJobData = z.strictObject({ submissionId: z.number().int().positive() });
export const mailJobData = z.strictObject({ messageId: z.number().int().positive() });
