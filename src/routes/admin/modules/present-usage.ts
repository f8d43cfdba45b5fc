import type { LedgerSnapshot } from "../../../authority/module-authority";
import type { ModuleRow } from "../../../db/schema";

/**
 * The module's lifetime token totals: what the row counted before the ledger existed, plus the
 * hours flushed to D1, plus the hours its object has not flushed yet.
 */
export function presentTokenUsage(
  row: Pick<ModuleRow, "promptTokens" | "completionTokens">,
  flushed: { promptTokens: number; completionTokens: number },
  live: LedgerSnapshot,
) {
  return {
    prompt_tokens: row.promptTokens + flushed.promptTokens + live.unflushed.promptTokens,
    completion_tokens: row.completionTokens + flushed.completionTokens + live.unflushed.completionTokens,
    ...(live.budget ? { budget: live.budget } : {}),
  };
}
