/** The settings every test app shares; tests override what they are about. */
export const APP_DEFAULTS = {
  sessionSecret: 'test-session-secret-of-at-least-32-characters',
  publicBaseUrl: 'http://localhost:3000',
  mailFrom: 'Kabinet predsednika <no-reply@president.example>',
} as const;
