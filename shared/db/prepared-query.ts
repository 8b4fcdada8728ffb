import type { Compilable, CompiledQuery, Kysely } from 'kysely';

class Slot {
  constructor(readonly name: string) {}
}

/**
 * Builds and compiles a kysely query once; the returned function only fills in the parameters.
 * Shared by `preparedQuery` (run through kysely) and the core's synchronous transactions
 * (electron/core/db/sync-transaction.ts), so a query shape is compiled one way everywhere.
 *
 * `build` receives a placeholder for each argument and must use them only as query values
 * (`where(col, '=', args.x)`, `limit(args.n)`), never in JavaScript logic: the query's shape
 * is fixed at the first call. Make one per shape.
 */
export function compileOnce<DB, Args extends Record<string, unknown>, Row>(
  build: (db: Kysely<DB>, args: Args) => Compilable<Row>,
): (db: Kysely<DB>, args: Args) => CompiledQuery<Row> {
  let compiled: CompiledQuery<Row> | null = null;
  let slots: ReadonlyArray<{ index: number; name: string }> = [];
  return (db, args) => {
    if (!compiled) {
      const placeholders = new Proxy({} as Args, { get: (_target, name) => new Slot(String(name)) });
      compiled = build(db, placeholders).compile();
      slots = compiled.parameters.flatMap((value, index) => (value instanceof Slot ? [{ index, name: value.name }] : []));
    }
    const parameters = [...compiled.parameters];
    for (const { index, name } of slots) parameters[index] = args[name];
    return { ...compiled, parameters };
  };
}

/**
 * A query built and compiled once (`compileOnce`), run through kysely. On hot paths (the drafts
 * list) building and compiling a query costs about as much as running it; the statement cache
 * then finds the same SQL text prepared.
 */
export function preparedQuery<DB, Args extends Record<string, unknown>, Row>(
  build: (db: Kysely<DB>, args: Args) => Compilable<Row>,
): (db: Kysely<DB>, args: Args) => Promise<Row[]> {
  const compile = compileOnce(build);
  return async (db, args) => (await db.executeQuery<Row>(compile(db, args))).rows;
}
