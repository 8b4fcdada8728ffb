import { ValueNode, type Compilable, type CompiledQuery, type Expression, type Kysely, type OperationNode, type RawBuilder } from 'kysely';

/** A named parameter inside a compiled query: it compiles to `?` and is filled in at each call. */
class Slot<T> implements Expression<T> {
  constructor(readonly name: string) {}

  get expressionType(): T | undefined {
    return undefined;
  }

  toOperationNode(): OperationNode {
    return ValueNode.create(this);
  }
}

/**
 * What a prepared query is built with instead of its arguments: `param('postId')` is the `?`
 * the call's `postId` goes into, typed as that argument (`Expression<string>`), so kysely checks
 * it against the column it meets. The build never sees an argument's value, so no `if`, `??` or
 * `$if` on one can pick the query's shape: the SQL is the same for every call, by construction.
 * A query with two shapes is two prepared queries.
 */
export type ParamOf<Args> = <K extends keyof Args & string>(name: K) => Expression<Args[K]>;

/** Builds one prepared query's SQL from placeholders (see `ParamOf`); raw `sql` templates included. */
export type PreparedBuild<DB, Args, Row> = (db: Kysely<DB>, param: ParamOf<Args>) => Compilable<Row> | RawBuilder<Row>;

/**
 * Builds and compiles a kysely query once; the returned function only fills in the parameters.
 * Shared by `preparedQuery` (run through kysely) and the core's synchronous transactions
 * (electron/core/db/sync-transaction.ts), so a query shape is compiled one way everywhere.
 * `Args` is checked at every call: a missing, extra or wrongly typed argument does not compile.
 */
export function compileOnce<DB, Args extends object = Record<string, never>, Row = unknown>(
  build: PreparedBuild<DB, Args, Row>,
): (db: Kysely<DB>, args: Args) => CompiledQuery<Row> {
  let compiled: CompiledQuery<Row> | null = null;
  let slots: ReadonlyArray<{ index: number; name: keyof Args }> = [];
  return (db, args) => {
    if (!compiled) {
      const query = build(db, (name) => new Slot(name));
      compiled = 'isRawBuilder' in query ? query.compile(db) : query.compile();
      slots = compiled.parameters.flatMap((value, index) => (value instanceof Slot ? [{ index, name: value.name as keyof Args }] : []));
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
export function preparedQuery<DB, Args extends object = Record<string, never>, Row = unknown>(
  build: PreparedBuild<DB, Args, Row>,
): (db: Kysely<DB>, args: Args) => Promise<Row[]> {
  const compile = compileOnce(build);
  return async (db, args) => (await db.executeQuery<Row>(compile(db, args))).rows;
}
