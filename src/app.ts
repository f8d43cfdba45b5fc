import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import type { AdminEnv, AiEnv, AppEnv } from "./env";
import { onError, onNotFound } from "./errors/on-error";
import { adminAuth } from "./middleware/admin-auth";
import { aiRequestLog } from "./middleware/ai-request-log";
import { bodyLimit } from "./middleware/body-limit";
import { cors } from "./middleware/cors";
import { jsonDepthLimit } from "./middleware/json-depth";
import { keyAuth } from "./middleware/key-auth";
import { requestLogger } from "./middleware/logger";
import { originPolicy } from "./middleware/origin-policy";
import { type LimiterFactory, rateLimit } from "./middleware/rate-limit";
import { documentPassthrough } from "./openapi/passthrough-doc";
import { accountRoutes } from "./routes/admin/accounts";
import { providerKeyRoutes } from "./routes/admin/accounts/provider-keys";
import { moduleRoutes } from "./routes/admin/modules";
import { adminPageRoutes } from "./routes/admin-page";
import { renderDocsPage } from "./routes/docs-page";
import { healthRoutes } from "./routes/health";
import { renderHomePage } from "./routes/home-page";
import { mountGroup } from "./routes/route-group";
import { sdkRoutes } from "./routes/sdk";
import { chatCompletionRoutes } from "./routes/v1/chat-completions";
import { embeddingsRoutes } from "./routes/v1/embeddings";
import { modelRoutes } from "./routes/v1/models";
import { providerPassthroughRoutes } from "./routes/v1/provider-passthrough";
import { responsesRoutes } from "./routes/v1/responses";

const API_INFO = {
  title: "Edge AI Gateway",
  version: "1.0.0",
  description:
    "Scoped, expiring per-plugin keys for AI calls from public web pages. Admin routes take the admin key; AI routes take a module key.",
};

/** The admin API: modules, accounts and their provider keys, all behind the admin key. */
function adminRoutes() {
  const group = new OpenAPIHono<AdminEnv>();
  group.route("/", moduleRoutes());
  group.route("/", accountRoutes());
  group.route("/", providerKeyRoutes());
  return group;
}

/** The AI API: models, chat, responses, embeddings and the native passthrough, behind a module key. */
function aiRoutes() {
  const group = new OpenAPIHono<AiEnv>();
  group.route("/", modelRoutes());
  group.route("/", chatCompletionRoutes());
  group.route("/", responsesRoutes());
  group.route("/", embeddingsRoutes());
  group.route("/", providerPassthroughRoutes());
  return group;
}

/** Seams for tests: the limiter is built per request from bindings unless one is given here. */
export type AppOptions = { limiter?: LimiterFactory };

/** Builds the Worker's Hono app: middleware order, route groups, docs, error rendering. */
export function createApp(options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestId());
  app.use(requestLogger());
  app.use("/api/*", bodyLimit());
  app.use("/api/*", jsonDepthLimit());

  app.route("/", healthRoutes());
  app.route("/", sdkRoutes());
  app.route("/", adminPageRoutes());

  // Each route group brings its own auth, bound to exactly its routes (see mountGroup).
  mountGroup(app, "/api/v1", adminRoutes(), [adminAuth()]);
  // AI routes: the request's log line first (refusals get theirs too), CORS (a preflight carries
  // no key), then the key, then its origin policy, so a disallowed origin is refused before any
  // limiter, budget or upstream work; then the gate (routes that call a provider admit there).
  mountGroup(app, "/api/v1", aiRoutes(), [
    aiRequestLog(),
    cors(),
    keyAuth(),
    originPolicy(),
    rateLimit(options.limiter ? { limiter: options.limiter } : {}),
  ]);

  app.openAPIRegistry.registerComponent("securitySchemes", "AdminKey", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "ModuleKey", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
  });
  documentPassthrough(app);
  // One document config for both, so /docs shows the same default auth as /openapi.json.
  const document = { openapi: "3.1.0", info: API_INFO, security: [{ AdminKey: [] }] };
  app.doc31("/openapi.json", document);
  app.get("/docs", (c) => c.html(renderDocsPage(app.getOpenAPI31Document(document))));
  app.get("/", (c) => c.html(renderHomePage()));

  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
