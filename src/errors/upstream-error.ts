import type { Scrubber } from "../lib/scrub";
import type { UpstreamFailure } from "../providers/types";
import { ApiError } from "./api-error";

/**
 * An upstream failure as the contract's error: unreachable, malformed or too large → 502, too
 * slow → 504, the provider's own 4xx → its status (429 keeps its Retry-After), the provider's
 * 5xx → 502 with its status in `X-Upstream-Status`, so a client never mistakes it for the
 * gateway's own 503. Messages are scrubbed of every secret and internal URL the request knows
 * (`scrubber`, see `requestScrubber`).
 */
export function upstreamError(failure: UpstreamFailure, provider: string, scrubber: Scrubber): ApiError {
  switch (failure.kind) {
    case "timeout":
      return new ApiError("upstream_timeout", `${provider} did not answer in time.`);
    case "malformed":
      return new ApiError(
        "upstream_error",
        failure.detail
          ? scrubber(`${provider} ${failure.detail}`)
          : `${provider} answered with a body the gateway could not read.`,
      );
    case "too_large":
      return new ApiError(
        "upstream_error",
        `${provider} answered with more than ${failure.limitBytes} bytes, this gateway's MAX_ANSWER_BYTES; ask for less output (max_tokens).`,
      );
    case "aborted":
      return new ApiError("upstream_error", "The request was cancelled before the provider answered.", { status: 499 });
    case "unsupported":
      return new ApiError("invalid_request", failure.message);
    case "unreachable":
      return new ApiError("upstream_error", `${provider} could not be reached.`);
    case "status": {
      const message = scrubber(`${provider} answered ${failure.status}: ${failure.message}`).slice(0, 2000);
      if (failure.status >= 500) {
        return new ApiError("upstream_error", message, {
          status: 502,
          headers: { "X-Upstream-Status": String(failure.status) },
        });
      }
      const headers: Record<string, string> = failure.retryAfter ? { "Retry-After": failure.retryAfter } : {};
      return new ApiError("upstream_error", message, { status: failure.status, headers });
    }
  }
}
