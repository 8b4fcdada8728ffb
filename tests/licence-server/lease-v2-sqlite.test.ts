import { leaseV2Suite } from './lease-v2-suite';

// The PostgreSQL run is in licence-server-postgres.pg.ts (only when LICENCE_TEST_DATABASE_URL is set).
leaseV2Suite('sqlite', null);
