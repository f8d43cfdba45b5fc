import { Hono } from "hono";
import type { AppEnv } from "../env";
import { GATEWAY_CLIENT_JS } from "../sdk/gateway-client-source";

/** `GET /sdk.js`: the browser client for exported plugin pages. Public, cacheable, no key. */
export function sdkRoutes() {
  return new Hono<AppEnv>().get("/sdk.js", (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=300");
    c.header("Access-Control-Allow-Origin", "*");
    c.header("X-Content-Type-Options", "nosniff");
    return c.body(GATEWAY_CLIENT_JS);
  });
}
