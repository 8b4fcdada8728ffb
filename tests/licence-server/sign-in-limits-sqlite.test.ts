import { signInLimitsSuite } from './sign-in-limits-suite';

// The PostgreSQL run is sign-in-limits-postgres.pg.ts (only when LICENCE_TEST_DATABASE_URL is set).
signInLimitsSuite('sqlite', null);
