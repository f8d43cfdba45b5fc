import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { createLogger } from "../lib/logger";

/** Puts a request-scoped logger on the context. Runs after request-id. Never logs the query string. */
export function requestLogger(): MiddlewareHandler<AppEnv> {
  return async function requestLogger(c, next) {
    c.set("log", createLogger({ request_id: c.get("requestId") }));
    await next();
  };
}
