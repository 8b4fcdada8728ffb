// Moved to shared/db so that the licence server uses the same mechanism without importing electron/.
export { preparedQuery } from '../../../shared/db/prepared-query';
