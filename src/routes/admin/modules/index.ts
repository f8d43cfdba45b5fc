import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../env";
import { validationHook } from "../../../schemas/validation-hook";
import { deleteRoute, remove } from "./delete";
import { get, getRoute } from "./get";
import { list, listRoute } from "./list";
import { patch, patchRoute } from "./patch";
import { provision, provisionRoute } from "./provision";
import { revoke, revokeRoute } from "./revoke";
import { rotate, rotateRoute } from "./rotate";

/** Admin routes for modules (per-plugin keys). Mounted under /api/v1 behind admin-auth. */
export function moduleRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(provisionRoute, provision)
    .openapi(listRoute, list)
    .openapi(getRoute, get)
    .openapi(patchRoute, patch)
    .openapi(revokeRoute, revoke)
    .openapi(rotateRoute, rotate)
    .openapi(deleteRoute, remove);
}
