import { type SpendIntent, spendIntent } from "../ledger/spend-intent";
import { parseStrictJson } from "../lib/strict-json";
import { applyTokenCap, refuseMultipliers } from "../passthrough/body-fields";
import { canonicalPath } from "../passthrough/canonical-path";
import { isJsonObject, type JsonObject, type PassthroughEndpoint, type PassthroughSpec } from "../passthrough/endpoint";
import { describeAllowlist, matchEndpoint } from "../passthrough/match-endpoint";
import type { BuiltinUse } from "./builtin-tools";
import { isModelAllowed, isProviderAllowed } from "./model-policy";

export type PassthroughRequest = {
  provider: string;
  spec: PassthroughSpec;
  method: string;
  /** The path below `/providers/{provider}/` exactly as it arrived (still percent-encoded). */
  rawPath: string;
  query: URLSearchParams;
  /** The body as text, or null when the request has none. */
  bodyText: string | null;
  allowedModels: readonly string[];
  /** The key's output-token cap (its own, else the gateway default). */
  cap: number;
};

/**
 * A request the path, model and field checks admit: what to send (canonical path, checked body),
 * the extra-billed tools it asks for (judged against the key like the unified routes'), and
 * what it may cost (null for a model list, which runs no model).
 */
export type PassthroughPlan = {
  endpoint: PassthroughEndpoint;
  path: string;
  body: JsonObject | null;
  streaming: boolean;
  builtinUses: BuiltinUse[];
  spend: SpendIntent | null;
};

export type PassthroughRefusal = {
  code: "endpoint_not_allowed" | "model_not_allowed" | "invalid_request";
  message: string;
};

export type PassthroughVerdict = { ok: true; plan: PassthroughPlan } | ({ ok: false } & PassthroughRefusal);

const refuse = (code: PassthroughRefusal["code"], message: string): PassthroughVerdict => ({
  ok: false,
  code,
  message,
});

/** The body of an endpoint: a JSON object for POST, nothing for GET. */
function readBody(
  endpoint: PassthroughEndpoint,
  text: string | null,
): { ok: true; body: JsonObject | null } | { ok: false; message: string } {
  if (endpoint.method === "GET") {
    return text ? { ok: false, message: "body: a GET request takes no body." } : { ok: true, body: null };
  }
  if (!text) return { ok: false, message: "body: send the provider's JSON request body." };
  const parsed = parseStrictJson(text);
  if (!parsed.ok) return parsed;
  if (!isJsonObject(parsed.value)) return { ok: false, message: "body: must be a JSON object." };
  return { ok: true, body: parsed.value };
}

/** The model id (`provider/model`) the provider will run, or a refusal when a model is due and absent. */
function modelOf(
  req: PassthroughRequest,
  endpoint: PassthroughEndpoint,
  body: JsonObject | null,
  pathModel: string | null,
) {
  if (endpoint.model === "none") return { ok: true as const, model: null };
  const model = endpoint.model === "path" ? pathModel : body?.model;
  if (typeof model !== "string" || model === "") {
    return { ok: false as const, message: "model: name the model to run." };
  }
  return { ok: true as const, model: `${req.provider}/${model}` };
}

/**
 * The key's policy for one native passthrough request, default-deny: the canonical path and
 * method must be on the provider's allowlist; the body (parsed once, duplicate keys refused)
 * must name an allowed model where the provider reads it, stay within the output cap on
 * every cap field (the cap is injected when none is named) and ask for one answer. The plan
 * lists the extra-billed built-in tools asked for; the checked body is what gets sent.
 */
export function judgePassthrough(req: PassthroughRequest): PassthroughVerdict {
  if (!isProviderAllowed(req.allowedModels, req.provider)) {
    return refuse("model_not_allowed", `This key's allowed_models include no ${req.provider} model.`);
  }
  const allowlist = `Allowed: ${describeAllowlist(req.spec).join(", ")}.`;
  const path = canonicalPath(req.rawPath);
  if (!path.ok) return refuse("endpoint_not_allowed", `${path.message} ${allowlist}`);
  const match = matchEndpoint(req.spec, req.method, path.path);
  if (!match) {
    return refuse(
      "endpoint_not_allowed",
      `${req.method} ${path.path} is not open on the ${req.provider} passthrough. ${allowlist}`,
    );
  }
  const { endpoint, pathModel } = match;
  for (const name of req.query.keys()) {
    if (!endpoint.query.includes(name)) {
      const accepted = endpoint.query.length > 0 ? endpoint.query.join(", ") : "none";
      return refuse(
        "invalid_request",
        `${name}: query parameter not accepted on ${endpoint.method} ${endpoint.path} (accepted: ${accepted}).`,
      );
    }
  }
  const read = readBody(endpoint, req.bodyText);
  if (!read.ok) return refuse("invalid_request", read.message);
  const body = read.body;
  const model = modelOf(req, endpoint, body, pathModel);
  if (!model.ok) return refuse("invalid_request", model.message);
  if (model.model !== null && !isModelAllowed(req.allowedModels, model.model)) {
    return refuse("model_not_allowed", `model: ${model.model} is not in this key's allowed_models.`);
  }
  let outputTokens = 0;
  if (body) {
    const problem = endpoint.refuse(body, pathModel) ?? refuseMultipliers(body, endpoint.multipliers);
    if (problem) return refuse("invalid_request", problem);
    const limit = applyTokenCap(body, endpoint.capFields, endpoint.injectCap, req.cap);
    if (!limit.ok) return refuse("invalid_request", limit.message);
    outputTokens = limit.value;
  }
  const streaming = endpoint.stream === "always" || (endpoint.stream === "body" && body?.stream === true);
  if (body) endpoint.prepare(body, streaming);
  const builtinUses = body ? endpoint.builtinTools(body) : [];
  const spend = model.model === null ? null : spendIntent(model.model, req.bodyText ?? "", outputTokens, body);
  return { ok: true, plan: { endpoint, path: path.path, body, streaming, builtinUses, spend } };
}
