import { redact } from '../core/logging/redact';
import type { Logger } from '../core/ports/logger';

// Log details may hold values JSON cannot print as they are.
const jsonSafe = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value instanceof Map ? Object.fromEntries(value) : value;

/** The browser host's Logger: one redacted line per entry on stderr, stdout stays for the URL. */
export function createConsoleLogger(): Logger {
  const write = (level: string) => (message: string, details?: Record<string, unknown>) => {
    const suffix = details ? ` ${JSON.stringify(redact(details), jsonSafe)}` : '';
    process.stderr.write(`[${new Date().toISOString()}] ${level} ${String(redact(message))}${suffix}\n`);
  };
  return { debug: () => {}, info: write('info'), warn: write('warn'), error: write('error') };
}
