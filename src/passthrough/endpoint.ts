import type { BuiltinUse } from "../policy/builtin-tools";
import type { TokenUsage } from "../providers/types";

/** A JSON object as parsed from a request or answer body. */
export type JsonObject = Record<string, unknown>;

export { isJsonObject } from "../providers/stream-fault";

/** Reads the tokens an answer reports: from a whole JSON body, or event by event from a stream. */
export type UsageReader = {
  /** Usage of a complete JSON answer (an object, or Gemini's array of chunks); null when absent. */
  fromJson(answer: unknown): TokenUsage | null;
  /** Usage after one stream event's JSON payload, given what earlier events reported. */
  fromEvent(payload: unknown, sofar: TokenUsage | null): TokenUsage | null;
};

/**
 * One allowlisted native endpoint of a provider, as data. Everything not declared here is
 * refused with 403 `endpoint_not_allowed`, and every field named here is checked before a
 * request leaves the gateway.
 */
export type PassthroughEndpoint = {
  /** The provider's own name for it, for the OpenAPI document and error messages. */
  name: string;
  method: "GET" | "POST";
  /**
   * The canonical path below the provider's base URL, matched case-sensitively. `{model}`
   * stands for a model id segment (Gemini runs the model named in its path).
   */
  path: string;
  /** Where the model the provider will run is named: the body's `model`, the path, or nowhere. */
  model: "body" | "path" | "none";
  /** Every body field (dotted) that bounds output tokens; all are checked against the key's cap. */
  capFields: readonly string[];
  /** The cap field set to the key's cap when the request names none; null when output is not generated. */
  injectCap: string | null;
  /** Body fields (dotted) that multiply the answer (`n`, `candidateCount`): refused above 1. */
  multipliers: readonly string[];
  /** Whether the answer streams: when the body says `stream: true`, always (the path says so), or never. */
  stream: "body" | "always" | "never";
  /** Query parameters the provider's SDKs send here; any other is refused. */
  query: readonly string[];
  /** Extra-billed built-in tools the body asks for, by the names of `allowed_builtin_tools`. */
  builtinTools(body: JsonObject): BuiltinUse[];
  /** Fields refused outright on this endpoint, with why (aliases the check would not see, stored prompts). */
  refuse(body: JsonObject, pathModel: string | null): string | null;
  /** Last adjustments to the checked body before it is sent (e.g. ask a stream to report usage). */
  prepare(body: JsonObject, streaming: boolean): void;
  usage: UsageReader | null;
  /** For a model list: where its entries are and each one's model id, so a key sees only its allowed models. */
  modelList: ModelList | null;
};

/** The shape of a provider's model list answer. */
export type ModelList = { field: string; idOf(entry: JsonObject): string | null };

/** A provider's passthrough: its allowlist, declared beside its adapter. */
export type PassthroughSpec = { endpoints: readonly PassthroughEndpoint[] };

/** Defaults for the optional behaviours, so each provider declares only what differs. */
export const ENDPOINT_DEFAULTS = {
  capFields: [],
  injectCap: null,
  multipliers: [],
  stream: "never",
  query: [],
  builtinTools: () => [],
  refuse: () => null,
  prepare: () => {},
  usage: null,
  modelList: null,
} as const satisfies Partial<PassthroughEndpoint>;
