import { leaseV2Suite } from './lease-v2-suite';

// Included by vitest.config.ts only when LICENCE_TEST_DATABASE_URL names a PostgreSQL server.
const url = process.env['LICENCE_TEST_DATABASE_URL'];
if (!url) throw new Error('LICENCE_TEST_DATABASE_URL is not set');
leaseV2Suite('postgres', url);
