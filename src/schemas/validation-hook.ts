import type { Hook } from "@hono/zod-openapi";
import type { Env } from "hono";
import { ApiError } from "../errors/api-error";

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

/**
 * Turns the first zod issue into 400 `invalid_request` whose message names the field, e.g.
 * `expires_in_days: must be at most 365`. Every OpenAPIHono app uses it as its defaultHook.
 */
export function validationHook<E extends Env>(
  ...[result, c]: Parameters<Hook<unknown, E, string, undefined>>
): undefined {
  if (result.success) return;
  if (result.target === "json" && !JSON_TYPE.test(c.req.header("content-type") ?? "")) {
    throw new ApiError("invalid_request", "The request body must be JSON, sent with Content-Type: application/json.");
  }
  const issue = result.error.issues[0];
  const where = result.target === "json" ? "body" : result.target;
  if (!issue) throw new ApiError("invalid_request", `${where} is invalid.`);
  if (issue.code === "unrecognized_keys") {
    throw new ApiError(
      "invalid_request",
      `${issue.keys.join(", ")}: unknown field; see /openapi.json for the fields this route takes.`,
    );
  }
  const field = issue.path.length > 0 ? issue.path.join(".") : where;
  const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
  throw new ApiError("invalid_request", `${field}: ${message}`);
}
