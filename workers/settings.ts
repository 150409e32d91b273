/** What the workers take from the configuration. */
export type WorkerSettings = {
  publicBaseUrl: string;
  mailFrom: string;
  /** MAIL_SIGNING_KEY: signs Message-IDs and reply addresses. */
  mailSigningKey: string;
  /** MAIL_REPLY_ADDRESS: the published address. */
  mailReplyAddress: string;
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
};
