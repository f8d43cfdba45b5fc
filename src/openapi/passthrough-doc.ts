import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { describeAllowlist } from "../passthrough/match-endpoint";
import { enabledProviders } from "../providers/registry";
import { errorResponses } from "../schemas/common";

/** Each provider's allowlist as `METHOD path` lines: the document and the code read the same data. */
export function passthroughAllowlists(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const provider of enabledProviders({ mockEnabled: false })) {
    if (provider.passthrough) out[provider.name] = describeAllowlist(provider.passthrough);
  }
  return out;
}

const DESCRIPTION = `The provider's native API, with the gateway's provider key in the provider's own auth header.
Off unless the key has \`allow_passthrough: true\`; then only the endpoints below, matched on the
percent-decoded canonical path (case-sensitive; \`//\`, \`.\`/\`..\` segments and encoded slashes refused).
The body is parsed once as JSON whatever its Content-Type (duplicate keys refused) and the checked
body is what is sent. The model the provider runs (Gemini: the one in the path) must be in
\`allowed_models\`; every output-cap field must be within the key's cap (the cap is added when none is
named); \`n\`/\`best_of\`/\`candidateCount\` above 1 are refused; built-in tools that bill extra need
\`allowed_builtin_tools\`. Only content-type, rate-limit and request-id headers are relayed; keys and
internal URLs are scrubbed from answers; tokens are counted. Anything else: 403 \`endpoint_not_allowed\`.`;

/**
 * Documents `GET|POST /api/v1/providers/{provider}/{path}` with every provider's allowlist. The
 * route is a plain Hono handler (its bodies are the providers' own), so it is registered by hand.
 */
export function documentPassthrough(app: OpenAPIHono<AppEnv>): void {
  const allowlists = passthroughAllowlists();
  const table = Object.entries(allowlists)
    .map(([name, lines]) => `- **${name}**: ${lines.map((l) => `\`${l}\``).join(", ")}`)
    .join("\n");
  const params = z.object({
    provider: z
      .enum(Object.keys(allowlists) as [string, ...string[]])
      .openapi({ param: { name: "provider", in: "path" } }),
    path: z.string().openapi({
      param: { name: "path", in: "path" },
      description: "The provider's own path below its base URL (may contain slashes), e.g. `chat/completions`.",
      example: "chat/completions",
    }),
  });
  const responses = {
    200: {
      description: "The provider's native answer (JSON, or a server-sent event stream), scrubbed",
      content: {
        "application/json": { schema: z.record(z.string(), z.unknown()) },
        "text/event-stream": { schema: z.string() },
      },
    },
    ...errorResponses(400, 401, 403, 404, 413, 424, 429, 502, 503, 504),
  };
  for (const method of ["get", "post"] as const) {
    app.openAPIRegistry.registerPath({
      method,
      path: "/api/v1/providers/{provider}/{path}",
      tags: ["AI"],
      summary: `Native passthrough (${method.toUpperCase()}), default-deny`,
      description: `${DESCRIPTION}\n\n${table}`,
      security: [{ ModuleKey: [] }],
      request: {
        params,
        ...(method === "post"
          ? { body: { required: true, content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } } }
          : {}),
      },
      responses,
      "x-passthrough-allowlist": allowlists,
    });
  }
}
