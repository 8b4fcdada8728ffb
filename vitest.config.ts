import { defineConfig } from 'vitest/config';

// The licence server's suite also runs against PostgreSQL, but only when a server is given (.ci/run
// starts one): then the PostgreSQL file joins the run; otherwise it is not part of it (nothing skipped).
const postgresSuites = process.env['LICENCE_TEST_DATABASE_URL'] ? ['tests/licence-server/licence-server-postgres.pg.ts'] : [];

export default defineConfig({
  // `@shared/…` imports resolve through tsconfig.base.json's `paths`, as tsc and esbuild read them.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['tests/**/*.test.ts', ...postgresSuites],
    reporters: ['default', './tests/support/plain-summary-reporter.ts'],
    // Integration and end-to-end tests spawn hosts and Chromium; the machine has 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
