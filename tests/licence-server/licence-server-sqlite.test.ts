import { licenceServerSuite } from './licence-server-suite';

// The PostgreSQL run of the same suite is licence-server-postgres.pg.ts, part of the run only
// when LICENCE_TEST_DATABASE_URL is set (see vitest.config.ts and .ci/run).
licenceServerSuite('sqlite', null);
