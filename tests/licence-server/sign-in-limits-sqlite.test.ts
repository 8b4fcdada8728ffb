import { signInLimitsSuite } from './sign-in-limits-suite';

// The PostgreSQL run is in licence-server-postgres.pg.ts (only when LICENCE_TEST_DATABASE_URL is set).
signInLimitsSuite('sqlite', null);
