import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { compileOnce, preparedQuery, type ParamOf } from '@shared/db/prepared-query';

// A prepared query is compiled once and run for every post the outbox publishes. Its build gets
// typed placeholders (`param('x')`), never the arguments, so the SQL cannot take a shape from the
// first call's values and keep it for every later call (an `if` on an argument used to do that
// silently), and each call's arguments are checked against the placeholders by tsc: the
// `@ts-expect-error` lines below fail the type check (`npx tsc -b`) if they ever compile.

interface Schema {
  items: { id: number; owner: string; score: number; note: string | null };
}
const db = new Kysely<Schema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

describe('prepared queries: fixed SQL, typed arguments', () => {
  it('type-checks each call’s arguments and each placeholder against its column', () => {
    const byOwner = preparedQuery((k: Kysely<Schema>, param: ParamOf<{ owner: string; min: number }>) =>
      k.selectFrom('items').select('id').where('owner', '=', param('owner')).where('score', '>=', param('min')),
    );
    expectTypeOf(byOwner).parameter(1).toEqualTypeOf<{ owner: string; min: number }>();
    expectTypeOf<ReturnType<ParamOf<{ min: number }>>>().toMatchTypeOf<{ readonly expressionType: number | undefined }>();
    // Never called: these lines are here for tsc.
    const _typeOnly = () => {
      // @ts-expect-error a wrongly typed argument does not compile
      void byOwner(db, { owner: 7, min: 1 });
      // @ts-expect-error nor a missing one
      void byOwner(db, { owner: 'ann' });
      // @ts-expect-error nor one the query has no placeholder for
      void byOwner(db, { owner: 'ann', min: 1, limit: 3 });
      // @ts-expect-error a placeholder meets only a column of its own type
      preparedQuery((k: Kysely<Schema>, param: ParamOf<{ min: number }>) => k.selectFrom('items').select('id').where('owner', '=', param('min')));
      // @ts-expect-error a placeholder is not a value: no arithmetic (nor logic) on an argument while building
      preparedQuery((k: Kysely<Schema>, param: ParamOf<{ min: number }>) => k.selectFrom('items').select('id').where('score', '>=', param('min') + 1));
      // @ts-expect-error only the declared arguments have placeholders
      preparedQuery((k: Kysely<Schema>, param: ParamOf<{ min: number }>) => k.selectFrom('items').select('id').where('score', '>=', param('max')));
    };
    expect(_typeOnly).toBeTypeOf('function');
  });

  it('builds once, and every call runs the same SQL with its own arguments, null included', () => {
    let builds = 0;
    const compile = compileOnce((k: Kysely<Schema>, param: ParamOf<{ owner: string; note: string | null }>) => {
      builds++;
      return k
        .selectFrom('items')
        .select('id')
        .where('owner', '=', param('owner'))
        .where('score', '>', 0)
        .where((eb) => eb.or([eb('note', '=', param('note')), eb('owner', '=', param('owner'))]));
    });
    const first = compile(db, { owner: 'ann', note: null });
    const second = compile(db, { owner: 'bob', note: 'hello' });
    expect(builds).toBe(1);
    expect(second.sql).toBe(first.sql);
    // A placeholder used twice is filled twice; constants written into the query stay.
    expect(first.parameters).toEqual(['ann', 0, null, 'ann']);
    expect(second.parameters).toEqual(['bob', 0, 'hello', 'bob']);
  });

  it('fills placeholders in raw SQL too', () => {
    const compile = compileOnce((_k: Kysely<Schema>, param: ParamOf<{ until: number; take: number }>) =>
      sql<{ id: number }>`SELECT id FROM items WHERE score <= ${param('until')} LIMIT ${param('take')}`,
    );
    const compiled = compile(db, { until: 5, take: 2 });
    expect(compiled.sql).toBe('SELECT id FROM items WHERE score <= ? LIMIT ?');
    expect(compiled.parameters).toEqual([5, 2]);
    expect(compile(db, { until: 9, take: 1 }).parameters).toEqual([9, 1]);
  });
});
