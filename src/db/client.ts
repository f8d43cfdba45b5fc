import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

const clients = new WeakMap<D1Database, ReturnType<typeof build>>();
const build = (d1: D1Database) => drizzle(d1, { schema });

/**
 * The drizzle client over this D1 binding, built once per binding object (the isolate's env):
 * building one walks the whole schema for its relations, which cost more than the query it ran.
 * The client holds no state of its own beyond the binding, so sharing it is safe.
 */
export function database(d1: D1Database) {
  let client = clients.get(d1);
  if (!client) {
    client = build(d1);
    clients.set(d1, client);
  }
  return client;
}

/**
 * A client whose reads go to the primary, so a revocation or expiry written a moment ago is
 * never answered from an older replica (auth lookups must be read-your-writes).
 */
export function primaryDatabase(d1: D1Database) {
  // drizzle only calls prepare() and batch(), which a D1 session provides.
  return drizzle(d1.withSession("first-primary") as unknown as D1Database, { schema });
}

export type Database = ReturnType<typeof database>;
