/** The settings every test app shares; tests override what they are about. */
export const APP_DEFAULTS = {
  sessionSecret: 'test-session-secret-of-at-least-32-characters',
  publicBaseUrl: 'http://localhost:3000',
  mailFrom: 'Kabinet predsednika <no-reply@president.example>',
  mailSigningKey: 'test-mail-signing-key-of-at-least-32-characters',
  mailReplyAddress: 'pisma@president.example',
  // Every JSON answer of the operation table is checked against its declared schema.
  checkResponses: true,
} as const;
