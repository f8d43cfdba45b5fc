import { createRoute, OpenAPIHono, type RouteHandler, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { configOf } from "../../config";
import { database } from "../../db/client";
import type { AiEnv } from "../../env";
import { ApiError } from "../../errors/api-error";
import { servableModels } from "../../providers/servable-models";
import { errorResponses, jsonContent } from "../../schemas/common";
import { validationHook } from "../../schemas/validation-hook";

const Model = z
  .object({ id: z.string(), object: z.literal("model"), created: z.number(), owned_by: z.string() })
  .openapi("Model");
const ModelList = z.object({ object: z.literal("list"), data: z.array(Model) }).openapi("ModelList");

const modelsRoute = createRoute({
  method: "get",
  path: "/models",
  tags: ["AI"],
  summary: "The models this key may use and the gateway can serve, in OpenAI's list shape",
  description: "A provider with no usable key for this key's account (BYOK or opted-in gateway key) is left out.",
  security: [{ ModuleKey: [] }],
  responses: { 200: jsonContent(ModelList, "Models"), ...errorResponses(401, 403, 429, 503) },
});

const modelRoute = createRoute({
  method: "get",
  // `{model}` is the whole `provider/model` id; its slash may be sent as is or URL-encoded (%2F), as the OpenAI SDK does.
  path: "/models/{model}",
  tags: ["AI"],
  summary: "One model this key may use and the gateway can serve, or 404",
  security: [{ ModuleKey: [] }],
  request: {
    params: z.object({
      model: z.string().openapi({ param: { name: "model", in: "path" }, example: "openai/gpt-4o-mini" }),
    }),
  },
  responses: { 200: jsonContent(Model, "The model"), ...errorResponses(401, 403, 404, 429, 503) },
});

const modelObject = (id: string) => ({
  id,
  object: "model" as const,
  created: 0,
  owned_by: id.slice(0, id.indexOf("/")),
});

function servable(c: Context<AiEnv>): Promise<string[]> {
  return servableModels(c.get("apiKey").allowedModels, {
    env: c.env,
    config: configOf(c.env),
    db: () => database(c.env.DB),
    accountId: c.get("apiKey").accountId,
  });
}

const listModels: RouteHandler<typeof modelsRoute, AiEnv> = async (c) => {
  const data = (await servable(c)).map(modelObject);
  return c.json({ object: "list" as const, data }, 200);
};

const getModel = async (c: Context<AiEnv>) => {
  const id = c.req.param("model") ?? "";
  if (!(await servable(c)).includes(id)) {
    throw new ApiError("not_found", `No model "${id}" for this key; GET /api/v1/models lists the ones it may use.`);
  }
  return c.json(modelObject(id), 200);
};

/** `GET /models` and `GET /models/{provider}/{model}` behind key-auth. */
export function modelRoutes() {
  const app = new OpenAPIHono<AiEnv>({ defaultHook: validationHook }).openapi(modelsRoute, listModels);
  // A plain route with a greedy parameter, so `openai/gpt-4o-mini` and `openai%2Fgpt-4o-mini` both match.
  app.get("/models/:model{.+}", getModel);
  app.openAPIRegistry.registerPath(modelRoute);
  return app;
}
