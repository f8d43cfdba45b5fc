import type { MiddlewareHandler } from "hono";
import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import { configOf } from "../config";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";

/** Refuses bodies over MAX_BODY_BYTES with 413 `payload_too_large`, streamed or not. */
export function bodyLimit(): MiddlewareHandler<AppEnv> {
  return async function bodyLimit(c, next) {
    const maxSize = configOf(c.env).MAX_BODY_BYTES;
    const limit = honoBodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError("payload_too_large", `The request body is over this gateway's limit of ${maxSize} bytes.`);
      },
    });
    return limit(c, next);
  };
}
