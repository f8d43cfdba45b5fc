import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../env";
import { validationHook } from "../../../schemas/validation-hook";
import { deleteRoute, remove } from "./delete";
import { disable, disableRoute, enable, enableRoute } from "./disable";
import { get, getRoute } from "./get";
import { importModule, importRoute } from "./import";
import { list, listRoute } from "./list";
import { patch, patchRoute } from "./patch";
import { provision, provisionRoute } from "./provision";
import { revoke, revokeRoute } from "./revoke";
import { rotate, rotateRoute } from "./rotate";
import { usage, usageRoute } from "./usage";

/** Admin routes for modules (per-plugin keys). Mounted under /api/v1 behind admin-auth. */
export function moduleRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(provisionRoute, provision)
    .openapi(importRoute, importModule)
    .openapi(listRoute, list)
    .openapi(getRoute, get)
    .openapi(usageRoute, usage)
    .openapi(patchRoute, patch)
    .openapi(revokeRoute, revoke)
    .openapi(disableRoute, disable)
    .openapi(enableRoute, enable)
    .openapi(rotateRoute, rotate)
    .openapi(deleteRoute, remove);
}
