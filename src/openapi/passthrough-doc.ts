import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponses } from "../schemas/common";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/**
 * Documents `ANY /api/v1/providers/{provider}/{path}`. The route itself is a plain Hono handler
 * (its bodies are the providers' own, relayed as they are), so it is registered here by hand.
 */
export function documentPassthrough(app: OpenAPIHono<AppEnv>): void {
  for (const method of METHODS) {
    app.openAPIRegistry.registerPath({
      method,
      path: "/api/v1/providers/{provider}/{path}",
      tags: ["AI"],
      summary: "Native passthrough: the provider's own API, with its key resolved by the gateway",
      description:
        "Off unless the module has `allow_passthrough: true`; only the provider's allowlisted endpoints " +
        "(generation, embeddings, model listing), with the key's model allowlist, output cap and budget applied. " +
        "Anything else → 403 `endpoint_not_allowed` without an upstream call. The body and answer are the provider's native shapes.",
      security: [{ ModuleKey: [] }],
      request: {
        params: z.object({
          provider: z.string().openapi({ param: { name: "provider", in: "path" }, example: "openai" }),
          path: z.string().openapi({
            param: { name: "path", in: "path" },
            example: "chat/completions",
            description: "May contain slashes.",
          }),
        }),
      },
      responses: {
        200: { description: "The provider's answer, relayed (JSON or an event stream)" },
        ...errorResponses(400, 401, 403, 404, 413, 424, 429, 502, 503, 504),
      },
    });
  }
}
