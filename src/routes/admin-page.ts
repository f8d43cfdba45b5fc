import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { ADMIN_PAGE_HTML, ADMIN_PAGE_JS } from "../admin-page/admin-page-html";
import type { AppEnv } from "../env";

/** `GET /admin` and its script: the admin page (no secret in it; the admin types the key). */
export function adminPageRoutes() {
  const pageHeaders = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'unsafe-inline'"] },
    referrerPolicy: "no-referrer",
  });
  return new Hono<AppEnv>()
    .get("/admin", pageHeaders, (c) => c.html(ADMIN_PAGE_HTML))
    .get("/admin/app.js", pageHeaders, (c) => {
      c.header("Content-Type", "text/javascript; charset=utf-8");
      return c.body(ADMIN_PAGE_JS);
    });
}
