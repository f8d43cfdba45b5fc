import { createRoute, OpenAPIHono, type RouteHandler } from "@hono/zod-openapi";
import { configOf } from "../../config";
import type { AiEnv } from "../../env";
import { spendIntent } from "../../ledger/spend-intent";
import { refuseAudioOutput } from "../../policy/audio-output";
import { chatBuiltinUses, enforceBuiltinTools } from "../../policy/builtin-tools";
import { effectiveMaxTokens, outputTokenCap } from "../../policy/model-policy";
import { modelTarget } from "../../policy/model-target";
import { throwFirstRefusal } from "../../policy/refused-fields";
import { refusePricierTier } from "../../policy/service-tier";
import { callProvider } from "../../providers/call-provider";
import { ChatCompletionBody, ChatCompletionSchema, ChatCompletionStream } from "../../schemas/chat";
import { errorResponses, jsonBody } from "../../schemas/common";
import { validationHook } from "../../schemas/validation-hook";
import { sseResponse } from "./sse-response";

const chatRoute = createRoute({
  method: "post",
  path: "/chat/completions",
  tags: ["AI"],
  summary: "OpenAI-compatible chat completion for any configured provider, streamed or not",
  description:
    "Tools, image parts and `response_format` are translated for every provider that can do them; OpenAI-wire providers receive every other field unchanged, translated providers refuse a field they cannot honour with a 400 naming it.",
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

const chat: RouteHandler<typeof chatRoute, AiEnv> = async (c) => {
  const body = c.req.valid("json");
  const key = c.get("apiKey");
  const config = configOf(c.env);
  const target = modelTarget(body.model, key.allowedModels, config.ENABLE_MOCK_PROVIDER);
  throwFirstRefusal(refusePricierTier(body), refuseAudioOutput(body), target.provider.refuseBody?.(body));
  enforceBuiltinTools(key.allowedBuiltinTools, chatBuiltinUses(body, body.model));
  const cap = outputTokenCap(key.maxOutputTokens, config.DEFAULT_MAX_OUTPUT_TOKENS);
  const maxTokens = effectiveMaxTokens(body.max_completion_tokens ?? body.max_tokens, cap);
  // n > 1 bills n answers of up to maxTokens each: the budget reserves for all of them.
  c.set("spendIntent", spendIntent(body.model, [body.messages, body.tools], maxTokens * (body.n ?? 1)));

  const request = { model: target.model, publicModel: body.model, body, maxTokens, stream: body.stream };
  const result = await callProvider(c, target.provider, (ctx) => target.provider.adapter.chat(request, ctx));
  if (result.kind === "json") return c.json(result.completion, 200);
  return sseResponse(c, result.body);
};

/** `POST /chat/completions` behind key-auth. */
export function chatCompletionRoutes() {
  return new OpenAPIHono<AiEnv>({ defaultHook: validationHook }).openapi(chatRoute, chat);
}
