import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { ADMIN_ASSETS } from "../admin-page/assets.generated";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";

/**
 * The admin page's policy: nothing but this origin, no inline script or style, no framing. The
 * page calls the admin API same-origin (admin routes send no CORS headers) and holds no secret:
 * the admin types the key, which stays in the tab's sessionStorage.
 */
const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: "no-referrer",
  crossOriginEmbedderPolicy: false,
});

function serve(name: string) {
  const asset = ADMIN_ASSETS[name];
  if (!asset) throw new ApiError("not_found", `No admin page file named ${name}.`);
  return new Response(asset.body, { headers: { "Content-Type": asset.type, "Cache-Control": "no-cache" } });
}

/** `GET /admin` and its files (`/admin/<name>.js|.css`), from src/admin-page/assets/. */
export function adminPageRoutes() {
  return new Hono<AppEnv>()
    .get("/admin", pageHeaders, () => serve("index.html"))
    .get("/admin/:file{[a-z0-9-]+\\.(?:js|css)}", pageHeaders, (c) => serve(c.req.param("file")));
}
