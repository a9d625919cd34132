import { CompiledQuery, Insertable, Kysely } from 'kysely';
import type { HeraldDatabase } from './database.types';

type TableName = keyof HeraldDatabase & string;
type Row<T extends TableName> = Insertable<HeraldDatabase[T]>;

/**
 * A one-row insert with a fixed list of columns, that Kysely builds and compiles once, on first
 * use; every later row only supplies its values. The hot path inserts an order and its event
 * for every order created, and building and compiling those two queries again for each one was
 * ~5 % of an order's CPU under load (docs/performance.md, fifth session).
 *
 * Every column is given in every row (`null`, never `undefined`, for an empty one): the SQL
 * names each column once, and the values are passed in the order `columns` lists them. An
 * instance serves one database (its repository's): the SQL it keeps is in that one's dialect.
 */
export class PreparedInsert<T extends TableName> {
  private sql: string | undefined;

  constructor(
    private readonly table: T,
    private readonly columns: readonly (keyof Row<T> & string)[],
  ) {}

  async execute(db: Kysely<HeraldDatabase>, row: Row<T>): Promise<void> {
    const values = this.columns.map((column) => row[column]);
    this.sql ??= this.compile(db, values);
    await db.executeQuery(CompiledQuery.raw(this.sql, values));
  }

  /** Kysely's SQL for this insert, for this database's dialect. */
  private compile(db: Kysely<HeraldDatabase>, values: unknown[]): string {
    const row = Object.fromEntries(this.columns.map((column, index) => [column, values[index]]));
    const compiled = db
      .insertInto(this.table)
      .values(row as Row<T>)
      .compile();
    // Kysely leaves out a column whose value is undefined; then the SQL would not fit other rows.
    if (compiled.parameters.length !== this.columns.length) {
      throw new Error(`insert into ${this.table}: every row must give ${this.columns.join(', ')}`);
    }
    return compiled.sql;
  }
}
