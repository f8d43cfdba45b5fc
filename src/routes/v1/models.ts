import { createRoute, OpenAPIHono, type RouteHandler, z } from "@hono/zod-openapi";
import { configOf } from "../../config";
import type { AppEnv } from "../../env";
import { parseModelId } from "../../policy/model-policy";
import { enabledProviders, providerNamed } from "../../providers/registry";
import { errorResponses, jsonContent } from "../../schemas/common";
import { validationHook } from "../../schemas/validation-hook";

const ModelList = z
  .object({
    object: z.literal("list"),
    data: z.array(z.object({ id: z.string(), object: z.literal("model"), created: z.number(), owned_by: z.string() })),
  })
  .openapi("ModelList");

const modelsRoute = createRoute({
  method: "get",
  path: "/models",
  tags: ["AI"],
  summary: "The models this key may use, in OpenAI's list shape",
  security: [{ ModuleKey: [] }],
  responses: { 200: jsonContent(ModelList, "Models"), ...errorResponses(401, 403, 429, 503) },
});

/**
 * `provider/model` ids a key may call: its allowlist (minus models of disabled providers), or
 * every listed model of an enabled provider.
 */
export function modelsFor(allowedModels: readonly string[], mockEnabled: boolean): string[] {
  if (allowedModels.length > 0) {
    return allowedModels.filter((id) => {
      const parsed = parseModelId(id);
      return parsed !== null && providerNamed(parsed.provider, { mockEnabled }) !== null;
    });
  }
  return enabledProviders({ mockEnabled }).flatMap((p) => p.models.map((m) => `${p.name}/${m}`));
}

const listModels: RouteHandler<typeof modelsRoute, AppEnv> = (c) => {
  const ids = modelsFor(c.var.apiKey.allowedModels, configOf(c.env).ENABLE_MOCK_PROVIDER);
  const data = ids.map((id) => ({
    id,
    object: "model" as const,
    created: 0,
    owned_by: id.slice(0, id.indexOf("/")),
  }));
  return c.json({ object: "list" as const, data }, 200);
};

/** `GET /models` behind key-auth. */
export function modelRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(modelsRoute, listModels);
}
