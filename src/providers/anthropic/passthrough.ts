import { toolEntries, undated } from "../../passthrough/builtin-tools";
import {
  ENDPOINT_DEFAULTS,
  isJsonObject,
  type JsonObject,
  type PassthroughSpec,
  type UsageReader,
} from "../../passthrough/endpoint";
import type { BuiltinUse } from "../../policy/builtin-tools";
import { dataIdList } from "../openai-compatible/passthrough";
import type { TokenUsage } from "../types";

/** Anthropic server tools (type without its date), mapped to `allowed_builtin_tools` names. */
const ANTHROPIC_TOOL_NAMES: Record<string, string> = {
  web_search: "web_search",
  web_fetch: "web_fetch",
  code_execution: "code_interpreter",
  computer: "computer_use",
  bash: "shell",
};
/** Tools Anthropic defines but the caller's own code executes: billed as tokens only. */
const CALLER_RUN = new Set(["text_editor", "memory"]);

/** Typed tools (server tools, and client tools Anthropic defines), the MCP connector and code containers. */
function anthropicBuiltinTools(body: JsonObject): BuiltinUse[] {
  const uses: BuiltinUse[] = [];
  for (const [index, tool] of toolEntries(body)) {
    if (tool.type === undefined || tool.type === "custom") continue;
    const type = typeof tool.type === "string" ? undated(tool.type) : "untyped";
    if (CALLER_RUN.has(type)) continue;
    uses.push({ tool: ANTHROPIC_TOOL_NAMES[type] ?? type, field: `tools.${index}` });
  }
  if (Array.isArray(body.mcp_servers) && body.mcp_servers.length > 0) uses.push({ tool: "mcp", field: "mcp_servers" });
  if (body.container !== undefined && body.container !== null)
    uses.push({ tool: "code_interpreter", field: "container" });
  return uses;
}

const count = (v: unknown) => (typeof v === "number" ? v : 0);

/** Input tokens as billed: uncached, written to and read from the prompt cache. */
function usageOf(usage: unknown, sofar: TokenUsage | null): TokenUsage | null {
  if (!isJsonObject(usage)) return sofar;
  const input =
    typeof usage.input_tokens === "number"
      ? usage.input_tokens + count(usage.cache_creation_input_tokens) + count(usage.cache_read_input_tokens)
      : sofar?.promptTokens;
  const output = typeof usage.output_tokens === "number" ? usage.output_tokens : sofar?.completionTokens;
  if (input === undefined && output === undefined) return sofar;
  return { promptTokens: input ?? 0, completionTokens: output ?? 0 };
}

/** `message_start` carries the input tokens, each `message_delta` the output so far. */
const messagesUsage: UsageReader = {
  fromJson: (answer) => (isJsonObject(answer) ? usageOf(answer.usage, null) : null),
  fromEvent: (payload, sofar) => {
    if (!isJsonObject(payload)) return sofar;
    if (payload.type === "message_start" && isJsonObject(payload.message)) return usageOf(payload.message.usage, sofar);
    if (payload.type === "message_delta") return usageOf(payload.usage, sofar);
    return sofar;
  },
};

/**
 * Anthropic's native endpoints open to a key with `allow_passthrough`: Messages, token
 * counting and the model list. Message batches, files, the legacy `v1/complete`, skills and
 * the admin API stay closed.
 */
export const anthropicPassthrough: PassthroughSpec = {
  endpoints: [
    {
      ...ENDPOINT_DEFAULTS,
      name: "messages",
      method: "POST",
      path: "v1/messages",
      model: "body",
      capFields: ["max_tokens"],
      injectCap: "max_tokens",
      stream: "body",
      query: ["beta"],
      builtinTools: anthropicBuiltinTools,
      usage: messagesUsage,
    },
    {
      ...ENDPOINT_DEFAULTS,
      name: "messages.count_tokens",
      method: "POST",
      path: "v1/messages/count_tokens",
      model: "body",
      query: ["beta"],
    },
    {
      ...ENDPOINT_DEFAULTS,
      name: "models.list",
      method: "GET",
      path: "v1/models",
      model: "none",
      query: ["limit", "after_id", "before_id", "beta"],
      modelList: dataIdList,
    },
  ],
};
