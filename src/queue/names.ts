export const QUEUE_NAMES = { route: 'route', mail: 'mail', reconcile: 'reconcile', retention: 'retention' } as const;

/** BullMQ refuses integer ids and ids with ':'; derived ids make re-adding a job a no-op. */
export const routeJobId = (submissionId: number) => `sub-${submissionId}`;
export const mailJobId = (messageId: number) => `msg-${messageId}`;
