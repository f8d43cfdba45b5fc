import type { MiddlewareHandler } from "hono";
import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";

const DEFAULT_MAX_BYTES = 1_048_576;

/** Refuses bodies over MAX_BODY_BYTES with 413 `payload_too_large`, streamed or not. */
export function bodyLimit(): MiddlewareHandler<AppEnv> {
  return async function bodyLimit(c, next) {
    const maxSize = Number(c.env.MAX_BODY_BYTES) || DEFAULT_MAX_BYTES;
    const limit = honoBodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError("payload_too_large", `The request body is over this gateway's limit of ${maxSize} bytes.`);
      },
    });
    return limit(c, next);
  };
}
