import type { ModuleRow } from "../../../db/schema";

/** The module's token totals, as recorded from providers' usage fields after each answer. */
export function presentTokenUsage(row: Pick<ModuleRow, "promptTokens" | "completionTokens">) {
  return { prompt_tokens: row.promptTokens, completion_tokens: row.completionTokens };
}
