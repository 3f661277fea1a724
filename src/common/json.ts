/** A jsonb value. `any` because TypeORM's insert types cannot describe arbitrary JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonObject = Record<string, any>;
