import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Generous, for a busy machine: the waits inside the tests are on conditions (tests/helpers/wait.ts)
    // with deadlines of their own, and those should be what fails, with their label, not the test's clock.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
