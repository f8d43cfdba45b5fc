import type { Scrubber } from "../lib/scrub";
import type { UpstreamFailure } from "../providers/types";
import { ApiError } from "./api-error";

/**
 * An upstream failure as the contract's error: unreachable or malformed → 502, too slow → 504,
 * the provider's own 4xx/5xx → its status with its message, scrubbed of every secret and
 * internal URL the request knows (`scrubber`, see `requestScrubber`).
 */
export function upstreamError(failure: UpstreamFailure, provider: string, scrubber: Scrubber): ApiError {
  switch (failure.kind) {
    case "timeout":
      return new ApiError("upstream_timeout", `${provider} did not answer in time.`);
    case "malformed":
      return new ApiError("upstream_error", `${provider} answered with a body the gateway could not read.`);
    case "aborted":
      return new ApiError("upstream_error", "The request was cancelled before the provider answered.", { status: 499 });
    case "unsupported":
      return new ApiError("invalid_request", failure.message);
    case "unreachable":
      return new ApiError("upstream_error", `${provider} could not be reached.`);
    case "status": {
      const headers: Record<string, string> = failure.retryAfter ? { "Retry-After": failure.retryAfter } : {};
      const message = scrubber(`${provider}: ${failure.message}`).slice(0, 2000);
      return new ApiError("upstream_error", message, { status: failure.status, headers });
    }
  }
}
