import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { HeraldDatabase } from './database.types';
import { RecentlyUsed } from './recently-used';

/** Shapes kept per query; past that, the least recently used is built again when it comes back. */
const MAX_SHAPES = 64;

/** Put where a value goes while Kysely builds the query: its index among the values' leaves. */
class StandIn {
  constructor(readonly index: number) {}
}

interface Shape {
  sql: string;
  /** The compiled parameters: a stand-in for each value given, anything else a constant. */
  parameters: readonly unknown[];
}

/**
 * A query that Kysely builds and compiles once per shape of its values, then runs with new
 * values only. Building and compiling the hot path's statements again for every run (an order
 * and its event; the relay's read and mark; a batch's inbox rows, delivery rows and preferences)
 * was ~5–10 % of an event's CPU under load (docs/performance.md).
 *
 * `build` gets the values with every leaf replaced by a stand-in, and must hand each to Kysely
 * as a value, unchanged, without looking at it; what it builds must depend on nothing else.
 * The shape is the values' structure: array lengths and object keys, in order, so a batch of 3
 * rows and one of 4 are two shapes. `null`, `true` and `false` are part of the shape and reach
 * `build` as themselves, since Kysely writes different SQL for them in places (`is null`
 * rather than `= ?`). Every leaf must be defined: Kysely leaves out a column whose value is
 * undefined, and the SQL would not fit the next row. An instance serves one database (its
 * repository's), whose dialect the kept SQL is in.
 */
export class ReusedQuery<V, R> {
  private readonly shapes = new RecentlyUsed<string, Shape>(MAX_SHAPES);

  constructor(
    private readonly name: string,
    private readonly build: (db: Kysely<HeraldDatabase>, values: V) => Compilable<R>,
  ) {}

  async execute(db: Kysely<HeraldDatabase>, values: V): Promise<QueryResult<R>> {
    const leaves: unknown[] = [];
    const key = this.shapeOf(values, leaves);
    let shape = this.shapes.get(key);
    if (!shape) {
      shape = this.compile(db, values, leaves.length);
      this.shapes.set(key, shape);
    }
    const parameters = shape.parameters.map((p) => (p instanceof StandIn ? leaves[p.index] : p));
    return db.executeQuery(CompiledQuery.raw(shape.sql, parameters) as CompiledQuery<R>);
  }

  private compile(db: Kysely<HeraldDatabase>, values: V, leafCount: number): Shape {
    let next = 0;
    const standIns = mapLeaves(values, () => new StandIn(next++)) as V;
    const { sql, parameters } = this.build(db, standIns).compile();
    const used = new Set(parameters.filter((p) => p instanceof StandIn).map((p) => p.index));
    if (used.size !== leafCount) {
      throw new Error(`${this.name}: every value must reach the query as a value, unchanged`);
    }
    return { sql, parameters };
  }

  /** The structure of `value` as a key; its leaves appended to `leaves`, in order. */
  private shapeOf(value: unknown, leaves: unknown[]): string {
    if (Array.isArray(value)) {
      let key = '[';
      for (const item of value) key += this.shapeOf(item, leaves);
      return `${key}]`;
    }
    if (isPlainObject(value)) {
      let key = '{';
      // Each name behind its length: no name can run into the next one's part of the key.
      for (const name in value) key += `${name.length}:${name}${this.shapeOf(value[name], leaves)}`;
      return `${key}}`;
    }
    if (isPartOfShape(value)) return String(value)[0]; // n, t or f
    if (value === undefined) throw new Error(`${this.name}: a value is undefined`);
    leaves.push(value);
    return '?';
  }
}

/** `value` with every leaf that is not part of its shape replaced, in order. */
function mapLeaves(value: unknown, replace: () => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => mapLeaves(item, replace));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const name in value) copy[name] = mapLeaves(value[name], replace);
    return copy;
  }
  return isPartOfShape(value) ? value : replace();
}

function isPartOfShape(value: unknown): value is null | boolean {
  return value === null || typeof value === 'boolean';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
