import type { Logger } from '../ports/logger';
import type { DeepLinkAction, DeepLinkKind } from './deep-link-action';
import { parseAppUrl } from './parse-app-url';

/** What acts on one kind of deep link (the licence sync, a waiting OAuth flow, navigation). */
export type DeepLinkHandlers = {
  [K in DeepLinkKind]?: (action: Extract<DeepLinkAction, { kind: K }>) => Promise<void>;
};

/** Parses a raw `agencyiq://` link and hands it to its owner; see `createDeepLinkRouter`. */
export type DeepLinkRouter = (raw: unknown) => Promise<void>;

/**
 * Builds the one entry point for deep links, whichever way they arrive (OS, second instance,
 * the browser host's stdin). A link that does not parse, or that nobody is waiting for, is
 * logged without its secrets and dropped; a handler that throws is logged, never rethrown.
 */
export function createDeepLinkRouter(handlers: DeepLinkHandlers, logger: Logger): DeepLinkRouter {
  return async (raw) => {
    const parsed = parseAppUrl(raw);
    if (!parsed.ok) {
      logger.warn('Deep link refused', { reason: parsed.reason });
      return;
    }
    const action = parsed.action;
    const handler = handlers[action.kind] as ((action: DeepLinkAction) => Promise<void>) | undefined;
    if (handler === undefined) {
      logger.info('Deep link received, but nothing is waiting for it', { kind: action.kind });
      return;
    }
    try {
      await handler(action);
    } catch (error) {
      logger.error('A deep link could not be handled', {
        kind: action.kind,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
}
