import { createRoute, OpenAPIHono, type RouteHandler, type z } from "@hono/zod-openapi";
import { configOf } from "../../config";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors/api-error";
import { spendIntent } from "../../ledger/spend-intent";
import { builtinOf, enforceBuiltinTools } from "../../policy/builtin-tools";
import { effectiveMaxTokens, outputTokenCap } from "../../policy/model-policy";
import { modelTarget, providersWith } from "../../policy/model-target";
import { callProvider } from "../../providers/call-provider";
import { errorResponses, jsonBody } from "../../schemas/common";
import { ResponseObject, ResponsesBody, ResponsesStream } from "../../schemas/responses";
import { validationHook } from "../../schemas/validation-hook";
import { sseResponse } from "./sse-response";

const responsesRoute = createRoute({
  method: "post",
  path: "/responses",
  tags: ["AI"],
  summary: "OpenAI's Responses API for the providers that speak it, streamed or not",
  description:
    "The key's model allowlist applies, its output cap sets `max_output_tokens`, usage is counted (from `response.completed` when streamed). Built-in tools that bill extra (web search, file search, code interpreter, …) need the key's `allowed_builtin_tools`.",
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

const respond: RouteHandler<typeof responsesRoute, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const key = c.var.apiKey;
  const config = configOf(c.env);
  const target = modelTarget(body.model, key.allowedModels, config.ENABLE_MOCK_PROVIDER);
  const call = target.provider.adapter.responses;
  if (!call) {
    throw new ApiError(
      "invalid_request",
      `model: ${target.provider.name} does not speak the Responses API; use POST /api/v1/chat/completions for ${target.provider.name} models (Responses: ${providersWith("responses", config.ENABLE_MOCK_PROVIDER)}).`,
    );
  }
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
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(responsesRoute, respond);
}
