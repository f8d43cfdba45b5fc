import type { MiddlewareHandler } from "hono";
import type { AiEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { type AiRequestLog, writeRequestLog } from "../ledger/request-log";
import { editResponseHeaders } from "./response-headers";

/**
 * Writes one structured line per AI request, first on every AI route so refusals (bad key,
 * origin, limits) get their line too. For an admitted request the line waits (in `waitUntil`)
 * for the settlement, so a stream's line has its end, its tokens and its cost.
 */
export function aiRequestLog(): MiddlewareHandler<AiEnv> {
  return async function aiRequestLog(c, next) {
    const record: AiRequestLog = { startedAt: Date.now(), method: c.req.method, route: c.req.path };
    c.set("aiLog", record);
    await next();
    // A route that returns its own Response (a stream) bypasses the header request-id set; the
    // contract puts X-Request-Id on every AI answer, so the line can be found from the answer.
    if (!c.res.headers.has("x-request-id")) editResponseHeaders(c, (h) => h.set("X-Request-Id", c.get("requestId")));
    record.moduleId = c.get("apiKey")?.moduleId;
    const status = c.res.status;
    const errorCode = c.error instanceof ApiError ? c.error.code : status >= 500 ? "internal" : null;
    const spend = c.get("spend");
    if (!spend) {
      writeRequestLog(c.get("log"), record, { status, errorCode, endedAt: Date.now() }, null);
      return;
    }
    c.executionCtx.waitUntil(
      spend.outcome.then((outcome) =>
        writeRequestLog(c.get("log"), record, { status, errorCode, endedAt: Date.now() }, outcome),
      ),
    );
  };
}
