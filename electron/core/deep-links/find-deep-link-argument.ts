import { DEEP_LINK_SCHEME } from './parse-app-url';

/**
 * Picks the deep link out of a command line (the first launch's `process.argv`, or the argv a
 * second instance forwards on Windows and Linux), in `scheme` (a development run has its own). The scheme is matched case-insensitively here
 * so that a mis-cased link reaches the strict parser and is logged as refused, not silently lost.
 */
export function findDeepLinkArgument(argv: readonly unknown[], scheme: string = DEEP_LINK_SCHEME): string | null {
  const prefix = `${scheme}:`;
  for (const argument of argv) {
    if (typeof argument === 'string' && argument.slice(0, prefix.length).toLowerCase() === prefix) return argument;
  }
  return null;
}
