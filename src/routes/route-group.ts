import type { Env, Hono, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

/**
 * Mounts a route group under `base` with the middleware it brings. The middleware is bound to
 * exactly the group's own routes, read from the group itself, so a route added to the group
 * cannot miss it and another group's routes under the same prefix never get it. It runs once per
 * request even where two of the group's paths match.
 *
 * The group's `Env` is what its middleware establishes (key-auth sets `apiKey` and `now`), which
 * is why the group's handlers may read those variables and no other route may.
 */
export function mountGroup<E extends Env>(
  app: Hono<AppEnv>,
  base: string,
  group: Hono<E>,
  middleware: MiddlewareHandler[],
): void {
  // Registered one by one (not combined), so an error a later one throws becomes the error
  // response inside the app's chain and earlier ones (CORS) still edit it on the way out.
  const guarded = middleware.map((handler): MiddlewareHandler => {
    const ran = new WeakSet<Request>();
    return async (c, next) => {
      if (ran.has(c.req.raw)) return next();
      ran.add(c.req.raw);
      return handler(c, next);
    };
  });
  const paths = new Set(group.routes.map((route) => `${base}${route.path === "/" ? "" : route.path}`));
  for (const path of paths) app.use(path, ...guarded);
  app.route(base, group);
}
