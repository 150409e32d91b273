// Which email a message of ours answers (In-Reply-To, References). Pure.

/** One message of a letter's conversation, in time order: theirs (`in`) or ours (`out`). */
export type ConversationEntry = { messageId: string; direction: 'in' | 'out' };

export type Threading = { inReplyTo: string; references: string[] };

/** References keeps the first message and the newest ones up to this many ids (RFC 5322 allows trimming the middle). */
export const MAX_REFERENCES = 10;

/**
 * `<id>` when the value is one plausible Message-ID, else undefined: the value
 * came from someone else's mail and goes into our header, so nothing with
 * spaces, brackets or line breaks passes, and ids we made up for mail that
 * had none (`@….invalid`) are never cited.
 */
export function cleanMessageId(value: string): string | undefined {
  const m = /^<?([^<>\s@]{1,200}@[^<>\s@]{1,200})>?$/.exec(value.trim());
  if (!m || /\.invalid$/i.test(m[1] as string)) return undefined;
  return `<${m[1]}>`;
}

/**
 * The newest incoming message is the one answered; References is the
 * conversation up to it (both directions, oldest first, no repeats), trimmed
 * to the first and the newest. Undefined when no incoming message is citable.
 */
export function threadingFor(conversation: readonly ConversationEntry[]): Threading | undefined {
  const entries = conversation.map((e) => ({ ...e, messageId: cleanMessageId(e.messageId) }));
  let parent = -1;
  entries.forEach((e, i) => {
    if (e.direction === 'in' && e.messageId) parent = i;
  });
  if (parent < 0) return undefined;
  const inReplyTo = entries[parent]?.messageId as string;
  const chain: string[] = [];
  for (const e of entries.slice(0, parent + 1)) {
    if (e.messageId && !chain.includes(e.messageId)) chain.push(e.messageId);
  }
  // The parent goes last even when it repeated an earlier id.
  const ordered = [...chain.filter((id) => id !== inReplyTo), inReplyTo];
  const references = ordered.length > MAX_REFERENCES ? [ordered[0] as string, ...ordered.slice(-(MAX_REFERENCES - 1))] : ordered;
  return { inReplyTo, references };
}
