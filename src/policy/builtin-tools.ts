import { ApiError } from "../errors/api-error";

/**
 * Provider-run tools that bill on top of tokens. A key may use one only when its
 * `allowed_builtin_tools` lists it (default: none). Function tools, which the caller runs
 * itself, are always allowed.
 */
export const BUILTIN_TOOLS = [
  "web_search",
  "file_search",
  "code_interpreter",
  "image_generation",
  "computer_use",
  "mcp",
  "shell",
  // Provider-run on the native passthrough: Anthropic's web fetch and Gemini's URL context; Gemini's Maps grounding.
  "web_fetch",
  "google_maps",
] as const;
export type BuiltinTool = (typeof BUILTIN_TOOLS)[number];

/** Tools the caller executes: never billed by the provider. */
const CALLER_RUN = new Set(["function", "custom", "apply_patch"]);

/** The built-in tool a Responses API tool `type` is (dated variants folded), or null for caller-run tools. */
export function builtinOf(type: string): string | null {
  if (CALLER_RUN.has(type)) return null;
  if (type.startsWith("web_search")) return "web_search";
  if (type.startsWith("computer_use")) return "computer_use";
  if (type === "local_shell") return "shell";
  return type;
}

/** A use of a built-in tool: which one, and the request field that asks for it. */
export type BuiltinUse = { tool: string; field: string };

/** 403 for the first built-in tool the key does not allow; nothing when all are allowed. */
export function enforceBuiltinTools(allowed: readonly string[] | undefined, uses: readonly BuiltinUse[]): void {
  for (const use of uses) {
    if ((allowed ?? []).includes(use.tool)) continue;
    const known = (BUILTIN_TOOLS as readonly string[]).includes(use.tool);
    throw new ApiError(
      "endpoint_not_allowed",
      known
        ? `${use.field}: ${use.tool} is a built-in tool billed by the provider, and this key's allowed_builtin_tools does not include it; an admin can add it with PATCH /api/v1/modules/{id}.`
        : `${use.field}: "${use.tool}" is not a built-in tool the gateway can allow; send function tools, or one of ${BUILTIN_TOOLS.join(", ")}.`,
    );
  }
}

/** Built-in tools a Chat Completions body asks for: OpenAI's `web_search_options`, OpenRouter's web plugin and `:online` models. */
export function chatBuiltinUses(body: Record<string, unknown>, model: string): BuiltinUse[] {
  const uses: BuiltinUse[] = [];
  if (body.web_search_options !== undefined && body.web_search_options !== null) {
    uses.push({ tool: "web_search", field: "web_search_options" });
  }
  if (Array.isArray(body.plugins)) {
    for (const [i, plugin] of body.plugins.entries()) {
      const id = (plugin as { id?: unknown } | null)?.id;
      if (id === "web") uses.push({ tool: "web_search", field: `plugins.${i}` });
      else if (typeof id === "string") uses.push({ tool: id, field: `plugins.${i}` });
    }
  }
  if (model.endsWith(":online")) uses.push({ tool: "web_search", field: "model" });
  return uses;
}
