import type { Context } from "hono";
import type { AiEnv } from "../env";
import type { CallEnd } from "../providers/types";
import { settleSpend } from "./record-usage";

/**
 * The one place every upstream call ends, whatever happened: completed, or failed before or
 * after the first byte (client gone, TTFB or idle timeout, provider 4xx/5xx, unreachable,
 * malformed or lying stream, answer over MAX_ANSWER_BYTES). Usage the provider reported counts
 * even on failure (a cancelled stream is charged for what was streamed). Budget reservations
 * (issue 11) settle here: replaced by the real usage, or refunded in full when nothing was used.
 * Runs after the response, in `waitUntil`.
 */
export function settleUpstreamCall(c: Context<AiEnv>, provider: string, end: CallEnd | Promise<CallEnd>): void {
  const settled = Promise.resolve(end).then((e) => {
    // A refused translation ("unsupported") never reached the provider: nothing to report.
    if (!e.ok && e.failure.kind !== "unsupported") {
      c.get("log").warn("upstream_failed", {
        provider,
        kind: e.failure.kind,
        ...(e.failure.kind === "status" ? { status: e.failure.status } : {}),
        module_id: c.get("apiKey").moduleId,
      });
    }
    return e;
  });
  settleSpend(c, settled);
}
