import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { type ModulePatch, updateModule } from "../../../db/modules";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { publishModule } from "../../../keys/publish";
import { errorResponses, jsonBody, jsonContent } from "../../../schemas/common";
import { ModuleIdParam, ModuleSchema, PatchModuleBody, type PatchModuleInput } from "../../../schemas/module";
import { adminServices, requireModule, requirePushed } from "./admin-services";
import { expiryFrom } from "./expiry";
import { presentModule } from "./present";

export const patchRoute = createRoute({
  method: "patch",
  path: "/modules/{id}",
  tags: ["Modules"],
  summary: "Change a module's name, limits, policy or expiry; effective on the next request",
  request: { params: ModuleIdParam, body: jsonBody(PatchModuleBody) },
  responses: { 200: jsonContent(ModuleSchema, "The changed module"), ...errorResponses(400, 401, 404, 503) },
});

/** The D1 changes a PATCH body asks for, with `expires_at` checked against the clock. */
function toChanges(body: PatchModuleInput, now: number): ModulePatch {
  const changes: ModulePatch = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.rate_limit_per_hour !== undefined) changes.rateLimitPerHour = body.rate_limit_per_hour;
  if (body.rate_limit_per_visitor_per_hour !== undefined) {
    changes.rateLimitPerVisitorPerHour = body.rate_limit_per_visitor_per_hour;
  }
  if (body.max_output_tokens !== undefined) changes.maxOutputTokens = body.max_output_tokens;
  if (body.allowed_origins !== undefined) changes.allowedOrigins = body.allowed_origins;
  if (body.allowed_models !== undefined) changes.allowedModels = body.allowed_models;
  if (body.budget !== undefined) changes.budget = body.budget;
  if (body.allow_passthrough !== undefined) changes.allowPassthrough = body.allow_passthrough;
  if (body.allowed_builtin_tools !== undefined) changes.allowedBuiltinTools = body.allowed_builtin_tools;
  if (body.expires_at !== undefined) changes.expiresAt = expiryFrom(body.expires_at, now);
  return changes;
}

export const patch: RouteHandler<typeof patchRoute, AppEnv> = async (c) => {
  const { db, cache, keyState, now } = adminServices(c);
  const { id } = c.req.valid("param");
  const changes = toChanges(c.req.valid("json"), now);
  await requireModule(db, id);
  const row = await updateModule(db, id, changes, now);
  if (!row) throw new ApiError("not_found", `No module with id ${id}.`);
  requirePushed(c, id, await publishModule({ cache, keyState }, row));
  return c.json(presentModule(row), 200);
};
