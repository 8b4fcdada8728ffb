import { billingPeriodSuite } from './billing-period-suite';
import { checkoutSuccessPageSuite } from './checkout-success-page-suite';
import { leaseV2Suite } from './lease-v2-suite';
import { licenceServerSuite } from './licence-server-suite';
import { signInLimitsSuite } from './sign-in-limits-suite';
import { webhookHardeningSuite } from './webhook-hardening-suite';

// Included by vitest.config.ts only when LICENCE_TEST_DATABASE_URL names a PostgreSQL server
// (.ci/run starts one on loopback); without it this suite is not part of the run at all. One
// file for every PostgreSQL suite: kysely's migrator looks for its lock table across schemas, so
// two files migrating fresh schemas on one server at once trip over each other.
const url = process.env['LICENCE_TEST_DATABASE_URL'];
if (!url) throw new Error('LICENCE_TEST_DATABASE_URL is not set');
licenceServerSuite('postgres', url);
webhookHardeningSuite('postgres', url);
billingPeriodSuite('postgres', url);
checkoutSuccessPageSuite('postgres', url);
signInLimitsSuite('postgres', url);
leaseV2Suite('postgres', url);
