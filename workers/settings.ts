/** What the workers take from the configuration. */
export type WorkerSettings = {
  publicBaseUrl: string;
  mailFrom: string;
  /** How long a sender holds a message before another may take it over. */
  mailLeaseSeconds: number;
  /** First retry delay of a mail job; it doubles each attempt. */
  mailRetryBaseMs: number;
  /** How old unfinished work must be before the reconciler queues it again. */
  reconcileGraceSeconds: number;
  reconcileEveryMs: number;
  /** Closed letters older than this are anonymised by the daily retention job. */
  retentionDays: number;
  /** Acknowledgements one address may get in 24 hours; 0: no limit. */
  acknowledgementsPerAddressPerDay?: number;
  // ── email channel ── (absent: the development defaults of src/config.ts)
  /** The HMAC key of our Message-IDs and reply addresses. */
  mailSigningKey?: string;
  /** The published address replies come to. */
  mailReplyAddress?: string;
};
