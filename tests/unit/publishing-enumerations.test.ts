import { afterAll, describe, expect, it } from 'vitest';
import { ATTEMPT_OUTCOMES, POST_STATES, TARGET_ERROR_KINDS, TARGET_STATES } from '@shared/domain/publishing-states';
import { postViewSchema, targetViewSchema } from '@shared/ipc/scheduling-channels';
import { publishAttemptSchema } from '@shared/ipc/publishing-channels';
import { openDatabase } from '../../electron/core/db/open-database';

// The publishing enumerations are defined once (shared/domain/publishing-states.ts): the
// contract's enums are built from them, and the migrated database must accept exactly them.
// Migrations are history and keep their own text, so this is where a drift would show.
const opened = openDatabase(':memory:');
afterAll(() => opened.sqlite.close());

/** The values a column's `CHECK (column IN (...))` allows in the migrated schema. */
function checkedValues(table: string, column: string): string[] {
  const sql = opened.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string;
  const match = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql);
  if (match === null) throw new Error(`${table}.${column} has no CHECK list`);
  return [...match[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

describe('publishing enumerations', () => {
  it.each([
    ['posts', 'state', POST_STATES],
    ['post_targets', 'state', TARGET_STATES],
    ['post_targets', 'error_kind', TARGET_ERROR_KINDS],
    ['publish_attempts', 'outcome', ATTEMPT_OUTCOMES],
  ] as const)('%s.%s allows exactly the shared values', (table, column, values) => {
    expect(checkedValues(table, column).sort()).toEqual([...values].sort());
  });

  it('are the contract enums', () => {
    expect(postViewSchema.shape.state.options).toEqual(POST_STATES);
    expect(targetViewSchema.shape.state.options).toEqual(TARGET_STATES);
    expect(targetViewSchema.shape.error.unwrap().shape.kind.options).toEqual(TARGET_ERROR_KINDS);
    expect(publishAttemptSchema.shape.outcome.unwrap().options).toEqual(ATTEMPT_OUTCOMES);
  });
});
