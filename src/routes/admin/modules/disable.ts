import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { updateModule } from "../../../db/modules";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { publishModule } from "../../../keys/publish";
import { errorResponses, jsonContent } from "../../../schemas/common";
import { ModuleIdParam, ModuleSchema } from "../../../schemas/module";
import { adminServices, requireModule, requirePushed, requireWritten } from "./admin-services";
import { presentModule } from "./present";

/** Disable and enable: a reversible stop, unlike revoke. Both are effective on the next request. */
const switchRoute = (action: "disable" | "enable") =>
  createRoute({
    method: "post",
    path: `/modules/{id}/${action}`,
    tags: ["Modules"],
    summary:
      action === "disable"
        ? "Disable a module's keys until enabled again; requests get 403 key_disabled from the next one on"
        : "Enable a disabled module's keys again; effective on the next request",
    request: { params: ModuleIdParam },
    responses: {
      200: jsonContent(ModuleSchema, action === "disable" ? "The disabled module" : "The enabled module"),
      ...errorResponses(400, 401, 404, 409, 503),
    },
  });

export const disableRoute = switchRoute("disable");
export const enableRoute = switchRoute("enable");

function switchTo(target: "disabled" | "active"): RouteHandler<typeof disableRoute, AppEnv> {
  return async (c) => {
    const { db, cache, keyState, now } = adminServices(c);
    const { id } = c.req.valid("param");
    const existing = await requireModule(db, id);
    if (existing.status === "revoked") {
      throw new ApiError("invalid_request", "This module is revoked, which is final; provision or import a new key.");
    }
    // Repeating a switch changes nothing but pushes again, so a request that got 503 can be retried.
    // Versioned: a switch that read "active" must not land after a revocation and undo it.
    const row =
      existing.status === target
        ? existing
        : await requireWritten(
            db,
            id,
            await updateModule(
              db,
              id,
              { status: target, disabledAt: target === "disabled" ? now : null },
              now,
              existing.version,
            ),
            target === "disabled" ? "disabling" : "enabling",
          );
    requirePushed(c, id, await publishModule({ cache, keyState }, row));
    return c.json(presentModule(row), 200);
  };
}

export const disable = switchTo("disabled");
export const enable = switchTo("active");
