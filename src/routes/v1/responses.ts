import { createRoute, OpenAPIHono, type RouteHandler, type z } from "@hono/zod-openapi";
import { configOf } from "../../config";
import type { AiEnv } from "../../env";
import { spendIntent } from "../../ledger/spend-intent";
import { builtinOf, enforceBuiltinTools } from "../../policy/builtin-tools";
import { effectiveMaxTokens, outputTokenCap } from "../../policy/model-policy";
import { modelTarget } from "../../policy/model-target";
import { throwFirstRefusal } from "../../policy/refused-fields";
import { refuseStoredPrompt, refuseStoredState } from "../../policy/responses-state";
import { refusePricierTier } from "../../policy/service-tier";
import { callProvider } from "../../providers/call-provider";
import { bridgedResponses } from "../../providers/responses-bridge/bridge";
import { errorResponses, jsonBody } from "../../schemas/common";
import { ResponseObject, ResponsesBody, ResponsesStream } from "../../schemas/responses";
import { validationHook } from "../../schemas/validation-hook";
import { sseResponse } from "./sse-response";

const responsesRoute = createRoute({
  method: "post",
  path: "/responses",
  tags: ["AI"],
  summary: "OpenAI's Responses API for every provider, streamed or not",
  description:
    "Relayed to providers that speak it (openai, groq, openrouter); for the others translated to and from their chat API (function tools, images, text.format). The key's model allowlist applies, its output cap sets `max_output_tokens`, usage is counted (from `response.completed` when streamed). Built-in tools that bill extra (web search, file search, code interpreter, …) need the key's `allowed_builtin_tools`.",
  security: [{ ModuleKey: [] }],
  request: { body: jsonBody(ResponsesBody) },
  responses: {
    200: {
      description: "A response object, or with `stream: true` its event stream",
      content: {
        "application/json": { schema: ResponseObject },
        "text/event-stream": { schema: ResponsesStream },
      },
    },
    ...errorResponses(400, 401, 403, 424, 429, 502, 503, 504),
  },
});

const respond: RouteHandler<typeof responsesRoute, AiEnv> = async (c) => {
  const body = c.req.valid("json");
  const key = c.get("apiKey");
  const config = configOf(c.env);
  const target = modelTarget(body.model, key.allowedModels, config.ENABLE_MOCK_PROVIDER);
  throwFirstRefusal(
    refuseStoredPrompt(body),
    refuseStoredState(body),
    refusePricierTier(body),
    target.provider.refuseBody?.(body),
  );
  // Providers without the Responses API get it translated through their chat adapter.
  const call = target.provider.adapter.responses ?? bridgedResponses(target.provider.adapter);
  const uses = (body.tools ?? []).flatMap((tool, i) => {
    const builtin = builtinOf(tool.type);
    return builtin ? [{ tool: builtin, field: `tools.${i}.type` }] : [];
  });
  enforceBuiltinTools(key.allowedBuiltinTools, uses);
  const cap = outputTokenCap(key.maxOutputTokens, config.DEFAULT_MAX_OUTPUT_TOKENS);
  const maxOutputTokens = effectiveMaxTokens(body.max_output_tokens, cap);
  c.set("spendIntent", spendIntent(body.model, [body.instructions, body.input, body.tools], maxOutputTokens));

  const request = { model: target.model, publicModel: body.model, body, maxOutputTokens, stream: body.stream };
  const result = await callProvider(c, target.provider, (ctx) => call(request, ctx));
  if (result.kind === "json") return c.json(result.response as z.infer<typeof ResponseObject>, 200);
  return sseResponse(c, result.body);
};

/** `POST /responses` behind key-auth. */
export function responsesRoutes() {
  return new OpenAPIHono<AiEnv>({ defaultHook: validationHook }).openapi(responsesRoute, respond);
}
