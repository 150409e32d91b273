import { z } from 'zod';

// Keyset cursor of the triage list: base64url JSON [receivedAt ISO, id] of the last item shown.

const cursorSchema = z.tuple([z.iso.datetime(), z.number().int().positive()]);

export const encodeCursor = (receivedAt: Date, id: number): string =>
  Buffer.from(JSON.stringify([receivedAt.toISOString(), id])).toString('base64url');

/** The position a cursor names, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): { receivedAt: Date; id: number } | undefined {
  try {
    const [at, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { receivedAt: new Date(at), id };
  } catch {
    return undefined;
  }
}
