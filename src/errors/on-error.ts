import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { redact } from "../lib/scrub";
import { ApiError, errorBody } from "./api-error";

/** The single error renderer: contract-shaped JSON, never a stack trace or a secret. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    return c.json(errorBody(err.code, err.message), err.status as 400);
  }
  if (err instanceof HTTPException && err.status === 413) {
    return c.json(errorBody("payload_too_large", "The request body is larger than this gateway accepts."), 413);
  }
  if (err instanceof HTTPException && err.status === 415) {
    return c.json(
      errorBody("invalid_request", "The request body must be JSON, sent with Content-Type: application/json."),
      400,
    );
  }
  if (err instanceof HTTPException && err.status < 500) {
    return c.json(errorBody("invalid_request", redact(err.message || "The request is malformed.")), 400);
  }
  console.error(
    JSON.stringify({
      level: "error",
      event: "unhandled_error",
      request_id: c.get("requestId"),
      path: c.req.path,
      error: err.name,
      message: redact(err.message),
    }),
  );
  return c.json(errorBody("internal_error", "The gateway failed to handle this request; it has been logged."), 500);
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}.`), 404);
