import { createRoute, OpenAPIHono, type RouteHandler, type z } from "@hono/zod-openapi";
import { configOf } from "../../config";
import type { AiEnv } from "../../env";
import { ApiError } from "../../errors/api-error";
import { spendIntent } from "../../ledger/spend-intent";
import { modelTarget, providersWith } from "../../policy/model-target";
import { callProvider } from "../../providers/call-provider";
import { errorResponses, jsonBody, jsonContent } from "../../schemas/common";
import { EmbeddingList, EmbeddingsBody } from "../../schemas/embeddings";
import { validationHook } from "../../schemas/validation-hook";

const embeddingsRoute = createRoute({
  method: "post",
  path: "/embeddings",
  tags: ["AI"],
  summary: "Embeddings in OpenAI's shape: OpenAI-wire providers as they are, Gemini translated",
  description: "The key's model allowlist applies; the prompt tokens are counted as usage.",
  security: [{ ModuleKey: [] }],
  request: { body: jsonBody(EmbeddingsBody) },
  responses: {
    200: jsonContent(EmbeddingList, "The embeddings, in the order of `input`"),
    ...errorResponses(400, 401, 403, 424, 429, 502, 503, 504),
  },
});

const embed: RouteHandler<typeof embeddingsRoute, AiEnv> = async (c) => {
  const body = c.req.valid("json");
  const config = configOf(c.env);
  const target = modelTarget(body.model, c.get("apiKey").allowedModels, config.ENABLE_MOCK_PROVIDER);
  const call = target.provider.adapter.embed;
  if (!call) {
    throw new ApiError(
      "invalid_request",
      `model: ${target.provider.name} has no embeddings API behind this gateway (embeddings: ${providersWith("embed", config.ENABLE_MOCK_PROVIDER)}).`,
    );
  }
  // Embeddings produce no output tokens: the budget reserves the prompt alone.
  c.set("spendIntent", spendIntent(body.model, body.input, 0));
  const request = { model: target.model, publicModel: body.model, body };
  const result = await callProvider(c, target.provider, (ctx) => call(request, ctx));
  return c.json(result.list as z.infer<typeof EmbeddingList>, 200);
};

/** `POST /embeddings` behind key-auth. */
export function embeddingsRoutes() {
  return new OpenAPIHono<AiEnv>({ defaultHook: validationHook }).openapi(embeddingsRoute, embed);
}
