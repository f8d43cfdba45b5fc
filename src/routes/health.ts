import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { jsonContent } from "../schemas/common";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["Meta"],
  summary: "Liveness",
  security: [],
  responses: { 200: jsonContent(z.object({ status: z.literal("ok") }), "The Worker is up") },
});

export function healthRoutes() {
  return new OpenAPIHono<AppEnv>().openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
}
