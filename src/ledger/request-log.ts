import type { Logger } from "../lib/logger";
import type { SpendOutcome } from "./spend";

/** What the one log line of an AI request says; filled in as the request goes. */
export type AiRequestLog = {
  startedAt: number;
  method: string;
  /** The path only: never the query string (a key sent there is refused, and must not be logged). */
  route: string;
  moduleId?: string;
  /** `provider/model`, once the route knows it. */
  model?: string;
};

type Line = Record<string, string | number | boolean | null | undefined>;

/**
 * The request's one structured line (`event: "ai_request"`): ids, route, provider/model, status
 * or error code, latency, time to first byte for a stream, tokens and cost. It carries no key,
 * no query string and no prompt or answer text.
 */
export function writeRequestLog(
  log: Logger,
  record: AiRequestLog,
  result: { status: number; errorCode: string | null; endedAt: number },
  outcome: SpendOutcome | null,
): void {
  const line: Line = {
    method: record.method,
    route: record.route,
    module_id: record.moduleId,
    provider: record.model?.split("/")[0],
    model: record.model,
    status: result.status,
    error_code: result.errorCode,
    latency_ms: result.endedAt - record.startedAt,
  };
  if (outcome) {
    if (outcome.firstByteAt !== null) line.ttfb_ms = outcome.firstByteAt - record.startedAt;
    line.prompt_tokens = outcome.usage?.promptTokens ?? 0;
    line.completion_tokens = outcome.usage?.completionTokens ?? 0;
    line.charged_tokens = outcome.charge.tokens;
    line.cost_usd = outcome.charge.nanoUsd / 1e9;
    line.usage_basis = outcome.basis;
  }
  if (result.status >= 500) log.error("ai_request", line);
  else log.info("ai_request", line);
}
