import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/** A drizzle client over the D1 binding, built per request (no module-level singleton). */
export function database(d1: D1Database) {
  return drizzle(d1, { schema });
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
