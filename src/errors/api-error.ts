import { ERROR_STATUS, type ErrorCode } from "./codes";

/**
 * An expected failure at the HTTP edge. `message` is shown to the caller, so it must name the
 * field or the fix and never carry a secret. `status` defaults to the code's status; only
 * upstream errors override it (a provider's own 4xx passes through with its status).
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: { status?: number; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.headers = options.headers ?? {};
  }
}

/** The contract's error body: `{"error": {"code", "message"}}`. */
export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

/**
 * 409 `conflict` with `Retry-After: 1`: another admin change to the same resource won a race, so
 * this one changed nothing and may simply be sent again.
 */
export function conflict(message: string): ApiError {
  return new ApiError("conflict", message, { headers: { "Retry-After": "1" } });
}

/** Seconds a client should wait before retrying after 503 `unavailable`. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** 503 `unavailable` with the gateway's one `Retry-After`, for any store or object a decision needs. */
export function unavailable(message: string): ApiError {
  return new ApiError("unavailable", message, { headers: { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) } });
}
