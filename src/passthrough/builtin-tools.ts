import { isJsonObject, type JsonObject } from "./endpoint";

/**
 * Provider-executed tools that bill beyond tokens (per search, per container, per image), by
 * the names `allowed_builtin_tools` uses. A tool type a reader does not know is reported under
 * its own name, so it is refused too unless a key lists exactly that name: default-deny.
 */
export const KNOWN_BUILTIN_TOOLS = [
  "web_search",
  "web_fetch",
  "file_search",
  "code_interpreter",
  "image_generation",
  "computer_use",
  "mcp",
  "google_maps",
] as const;

/** The entries of a body's `tools` array that are objects (anything else the provider rejects itself). */
export function toolEntries(body: JsonObject): JsonObject[] {
  return Array.isArray(body.tools) ? body.tools.filter(isJsonObject) : [];
}

/** A dated tool type (`web_search_20250305`, `web_search_preview_2025_03_11`) without its date. */
export function undated(type: string): string {
  return type.replace(/(?:_preview)?(?:_\d{4}_?\d{2}_?\d{2})?$/, "");
}

/** Unique names, in first-seen order. */
export function uniqueNames(names: Iterable<string>): string[] {
  return [...new Set(names)];
}

/** The first tool a key does not allow, or null when all are allowed. */
export function firstDisallowedTool(requested: readonly string[], allowed: readonly string[]): string | null {
  return requested.find((name) => !allowed.includes(name)) ?? null;
}
