import { checkoutSuccessPageSuite } from './checkout-success-page-suite';

checkoutSuccessPageSuite('sqlite', null);
