import { webhookHardeningSuite } from './webhook-hardening-suite';

webhookHardeningSuite('sqlite', null);
