import { isModelAllowed } from "./model-policy";

/** Native paths that generate text, where an output-token limit is required (OpenAI-wire, Anthropic, Gemini). */
const GENERATION_PATH =
  /(?:^|\/)(?:chat\/completions|completions|responses|messages)$|:(?:streamGenerateContent|generateContent)$/;
const GEMINI_MODEL_IN_PATH = /(?:^|\/)models\/([^/:]+)/;

export type PassthroughRequest = {
  provider: string;
  /** The path below the provider's base URL, without the query string. */
  path: string;
  /** The parsed JSON body, or undefined when there is none (or it is not JSON). */
  body: unknown;
  allowedModels: readonly string[];
  /** The key's output-token cap (its own, else the gateway default). */
  cap: number;
};

export type PassthroughVerdict =
  | { ok: true }
  | { ok: false; code: "model_not_allowed" | "invalid_request"; message: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The output-token limits a native body names, as [field, value] pairs. */
function tokenLimits(body: Json): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const field of ["max_tokens", "max_completion_tokens", "max_output_tokens"]) {
    if (field in body) out.push([field, body[field]]);
  }
  const config = body.generationConfig;
  if (isObject(config) && "maxOutputTokens" in config)
    out.push(["generationConfig.maxOutputTokens", config.maxOutputTokens]);
  return out;
}

/**
 * The key's policy for a native passthrough request, which is relayed byte for byte and so can
 * be checked but never rewritten: the model it names must be in `allowed_models`, and a
 * generating request must name an output limit no larger than the key's cap (chat completions
 * inject and clamp that cap instead).
 */
export function checkPassthrough(req: PassthroughRequest): PassthroughVerdict {
  const body = isObject(req.body) ? req.body : undefined;
  const generating = GENERATION_PATH.test(req.path);
  const model = typeof body?.model === "string" ? body.model : req.path.match(GEMINI_MODEL_IN_PATH)?.[1];
  if (req.allowedModels.length > 0 && (model !== undefined || generating)) {
    const id = `${req.provider}/${model ?? ""}`;
    if (model === undefined || !isModelAllowed(req.allowedModels, id)) {
      return {
        ok: false,
        code: "model_not_allowed",
        message:
          model === undefined ? "This key only allows listed models; name the model." : `This key may not use ${id}.`,
      };
    }
  }
  if (!generating) return { ok: true };
  const limits = body ? tokenLimits(body) : [];
  if (limits.length === 0) {
    return {
      ok: false,
      code: "invalid_request",
      message: `max_tokens: the native passthrough needs an output limit of at most ${req.cap} tokens for this key (POST /chat/completions adds it for you).`,
    };
  }
  for (const [field, value] of limits) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > req.cap) {
      return {
        ok: false,
        code: "invalid_request",
        message: `${field}: must be a whole number from 1 to ${req.cap} for this key.`,
      };
    }
  }
  return { ok: true };
}
