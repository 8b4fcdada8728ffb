import { billingPeriodSuite } from './billing-period-suite';

billingPeriodSuite('sqlite', null);
