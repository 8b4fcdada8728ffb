// Moved to shared/db so that the licence server uses the same mechanism without importing electron/.
export { withStatementCache } from '../../../shared/db/statement-cache';
