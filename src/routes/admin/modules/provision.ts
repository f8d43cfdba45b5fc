import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../../env";
import { generateKey } from "../../../keys/format";
import { DAY_MS } from "../../../lib/time";
import { errorResponses, jsonBody, jsonContent } from "../../../schemas/common";
import { ProvisionBody, ProvisionResponse } from "../../../schemas/module";
import { createModule } from "./new-module";
import { presentModule } from "./present";

export const provisionRoute = createRoute({
  method: "post",
  path: "/modules/provision",
  tags: ["Modules"],
  summary: "Provision a scoped, expiring key for one plugin",
  description: "Returns the plaintext key once, in `secret_key`; only its HMAC is stored.",
  request: { body: jsonBody(ProvisionBody) },
  responses: {
    201: jsonContent(ProvisionResponse, "The new module and its key"),
    ...errorResponses(400, 401),
  },
});

export const provision: RouteHandler<typeof provisionRoute, AppEnv> = async (c) => {
  const { expires_in_days, ...body } = c.req.valid("json");
  const secret = generateKey();
  const row = await createModule(c, body, {
    secret,
    format: "egw_pub",
    expiresAt: Date.now() + expires_in_days * DAY_MS,
  });
  c.header("Cache-Control", "no-store");
  return c.json({ secret_key: secret, ...presentModule(row) }, 201);
};
