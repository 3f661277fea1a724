import { getMetadataArgsStorage } from 'typeorm';

/** Column types whose JSON is the entity's own value (a timestamp aside): numeric and bigint would come back as numbers, not strings. */
const AS_IS = new Set(['text', 'uuid', 'integer', 'smallint', 'boolean', 'jsonb']);

/**
 * An entity's rows read as JSON, keyed by its property names: many tables gathered in one statement (the incident
 * view), with no query builder or hydration on the hot path. The columns come from the entity's own decorators,
 * so the SQL follows the entity as it changes; `revive` turns the timestamps back into Dates.
 */
export class EntityJson<T> {
  readonly table: string;
  private readonly columns: { property: string; column: string }[];
  private readonly timestamps: string[];

  constructor(entity: new () => T) {
    const storage = getMetadataArgsStorage();
    const table = storage.tables.find((t) => t.target === entity)?.name;
    if (!table) throw new Error(`${entity.name} is not an entity with a table name`);
    this.table = table;
    const columns = storage.columns.filter((c) => c.target === entity);
    for (const c of columns) {
      const type = String(c.options.type);
      if (type !== 'timestamptz' && !AS_IS.has(type)) throw new Error(`${entity.name}.${c.propertyName} is ${type}, which EntityJson cannot read back as TypeORM would`);
    }
    this.columns = columns.map((c) => ({ property: c.propertyName, column: c.options.name ?? c.propertyName }));
    this.timestamps = columns.filter((c) => c.options.type === 'timestamptz').map((c) => c.propertyName);
  }

  /** One row of `alias` as a JSON object. */
  object(alias: string): string {
    return `json_build_object(${this.columns.map(({ property, column }) => `'${property}', ${alias}."${column}"`).join(', ')})`;
  }

  /** Every row of the table matching `where` (over `alias`), in `orderBy`, as one JSON array (empty, never null). */
  rows(alias: string, where: string, orderBy: string): string {
    return `(SELECT coalesce(json_agg(${this.object(alias)} ORDER BY ${orderBy}), '[]'::json) FROM ${this.table} ${alias} WHERE ${where})`;
  }

  /** A row read by `object` or `rows`, as the entity (its timestamps as Dates). */
  revive(json: Record<string, unknown>): T {
    for (const property of this.timestamps) {
      const at = json[property];
      if (typeof at === 'string') json[property] = new Date(at);
    }
    return json as T;
  }
}
