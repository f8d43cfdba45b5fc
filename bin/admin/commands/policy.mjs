import { budgetFlag, intFlag, switchFlag, timeFlag } from "../args.mjs";
import { UsageError } from "../errors.mjs";

/** Flags that set a module's limits and policy, shared by provision, import and patch. */
export const POLICY_OPTIONS = {
  rate: { type: "string", help: "requests per rolling hour for the key (N, or `default`)" },
  "visitor-rate": { type: "string", help: "requests per hour per visitor IP (N, or `none`)" },
  "max-tokens": { type: "string", help: "output-token cap per answer (N, or `default`)" },
  origin: {
    type: "string",
    multiple: true,
    help: "allowed origin, repeatable (https://app.example.com, https://*.example.com)",
  },
  model: { type: "string", multiple: true, help: "allowed model, repeatable (provider/model, checked by the gateway)" },
  "builtin-tool": {
    type: "string",
    multiple: true,
    help: "provider built-in tool the key may use (billed extra), repeatable: web_search, file_search, …",
  },
  budget: { type: "string", help: "spending bound: period,tokens=N,usd=X (period day|week|month|total), or none" },
};

/** Only patch can clear the lists (a new key's lists start empty, meaning any). */
export const CLEAR_OPTIONS = {
  "any-origin": { type: "boolean", help: "clear allowed origins: any origin may use the key" },
  "any-model": { type: "boolean", help: "clear allowed models: the key may use any model" },
  "no-builtin-tools": { type: "boolean", help: "clear built-in tools: the key may use none" },
};

/** The request fields the policy flags ask for; a flag not given sends nothing. */
export function policyBody(values, command) {
  if (values["any-origin"] && values.origin)
    throw new UsageError("--origin and --any-origin contradict each other", command);
  if (values["any-model"] && values.model)
    throw new UsageError("--model and --any-model contradict each other", command);
  const body = {};
  const set = (field, value) => {
    if (value !== undefined) body[field] = value;
  };
  set("rate_limit_per_hour", intFlag(values.rate, "rate", command, ["default", "null"]));
  set("rate_limit_per_visitor_per_hour", intFlag(values["visitor-rate"], "visitor-rate", command, ["none", "null"]));
  set("max_output_tokens", intFlag(values["max-tokens"], "max-tokens", command, ["default", "null"]));
  set("allowed_origins", values["any-origin"] ? [] : values.origin);
  set("allowed_models", values["any-model"] ? [] : values.model);
  if (values["no-builtin-tools"] && values["builtin-tool"]) {
    throw new UsageError("--builtin-tool and --no-builtin-tools contradict each other", command);
  }
  set("allowed_builtin_tools", values["no-builtin-tools"] ? [] : values["builtin-tool"]);
  set("expires_at", timeFlag(values["expires-at"], "expires-at", command));
  set("allow_passthrough", switchFlag(values.passthrough, "passthrough", command));
  set("budget", budgetFlag(values.budget, command));
  return body;
}
