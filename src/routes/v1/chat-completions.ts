import { createRoute, OpenAPIHono, type RouteHandler } from "@hono/zod-openapi";
import { configOf } from "../../config";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors/api-error";
import { upstreamError } from "../../errors/upstream-error";
import { admitSpend } from "../../ledger/admit-spend";
import { meteredStream, recordUsage } from "../../ledger/record-usage";
import { spendIntent } from "../../ledger/spend-intent";
import { readPresentedKey } from "../../middleware/presented-key";
import { effectiveMaxTokens, isModelAllowed, outputTokenCap, parseModelId } from "../../policy/model-policy";
import { providerAccess } from "../../providers/access";
import { PROVIDER_NAMES, providerNamed } from "../../providers/registry";
import type { ChatMessage, ChatRequest, OpenAiExtras } from "../../providers/types";
import {
  ChatCompletionBody,
  type ChatCompletionInput,
  ChatCompletionSchema,
  ChatCompletionStream,
} from "../../schemas/chat";
import { errorResponses, jsonBody } from "../../schemas/common";
import { validationHook } from "../../schemas/validation-hook";

const chatRoute = createRoute({
  method: "post",
  path: "/chat/completions",
  tags: ["AI"],
  summary: "OpenAI-compatible chat completion for any configured provider, streamed or not",
  security: [{ ModuleKey: [] }],
  request: { body: jsonBody(ChatCompletionBody) },
  responses: {
    200: {
      description: "A chat completion, or with `stream: true` an OpenAI chunk stream",
      content: {
        "application/json": { schema: ChatCompletionSchema },
        "text/event-stream": { schema: ChatCompletionStream },
      },
    },
    ...errorResponses(400, 401, 403, 424, 429, 502, 503, 504),
  },
});

function messagesOf(input: ChatCompletionInput): ChatMessage[] {
  return input.messages.map((m) => {
    const content = typeof m.content === "string" ? m.content : (m.content ?? []).map((p) => p.text).join("");
    return m.name ? { role: m.role, content, name: m.name } : { role: m.role, content };
  });
}

function extrasOf(input: ChatCompletionInput): OpenAiExtras {
  const extras: OpenAiExtras = {};
  if (typeof input.presence_penalty === "number") extras.presence_penalty = input.presence_penalty;
  if (typeof input.frequency_penalty === "number") extras.frequency_penalty = input.frequency_penalty;
  if (typeof input.seed === "number") extras.seed = input.seed;
  if (input.user !== undefined) extras.user = input.user;
  if (input.response_format !== undefined) extras.response_format = input.response_format;
  return extras;
}

const chat: RouteHandler<typeof chatRoute, AppEnv> = async (c) => {
  const input = c.req.valid("json");
  const key = c.var.apiKey;
  const id = parseModelId(input.model);
  const config = configOf(c.env);
  const mockEnabled = config.ENABLE_MOCK_PROVIDER;
  const provider = id ? providerNamed(id.provider, { mockEnabled }) : null;
  if (!id || !provider) {
    const names = PROVIDER_NAMES.filter((n) => n !== "mock" || mockEnabled).join(", ");
    throw new ApiError("invalid_request", `model: unknown provider in "${input.model}"; use one of ${names}.`);
  }
  if (!isModelAllowed(key.allowedModels, input.model)) {
    throw new ApiError("model_not_allowed", `model: ${input.model} is not in this key's allowed_models.`);
  }

  const cap = outputTokenCap(key.maxOutputTokens, config.DEFAULT_MAX_OUTPUT_TOKENS);
  const maxTokens = effectiveMaxTokens(input.max_completion_tokens ?? input.max_tokens, cap);
  await admitSpend(c, spendIntent(input.model, input.messages, maxTokens));
  const access = await providerAccess(c, provider);
  const request: ChatRequest = {
    model: id.model,
    publicModel: input.model,
    messages: messagesOf(input),
    maxTokens,
    stream: input.stream,
    extras: extrasOf(input),
  };
  if (typeof input.temperature === "number") request.temperature = input.temperature;
  if (typeof input.top_p === "number") request.topP = input.top_p;
  if (input.stop !== undefined && input.stop !== null)
    request.stop = typeof input.stop === "string" ? [input.stop] : input.stop;

  const outcome = await provider.adapter.chat(request, {
    apiKey: access.secret,
    baseUrl: access.baseUrl,
    signal: c.req.raw.signal,
    fetch: (input, init) => fetch(input, init),
    timeoutMs: access.timeoutMs,
  });
  if (!outcome.ok) {
    c.var.log.warn("upstream_failed", { provider: provider.name, kind: outcome.failure.kind, module_id: key.moduleId });
    throw upstreamError(outcome.failure, provider.name, [access.secret.reveal(), readPresentedKey(c.req.raw)]);
  }
  const result = outcome.value;
  if (result.kind === "json") {
    recordUsage(c, result.usage);
    return c.json(result.completion, 200);
  }
  return new Response(meteredStream(c, result.body, result.usage), {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    },
  });
};

/** `POST /chat/completions` behind key-auth. */
export function chatCompletionRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(chatRoute, chat);
}
