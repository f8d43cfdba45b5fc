import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, expectStatus, provision } from "../helpers/api";
import { anyJson, arbitraryFor, type JsonSchema } from "../helpers/schema-arbitrary";
import { createAccount } from "../helpers/upstream";

/** Fixed, so a failure replays exactly; change it only to explore, never to make a run pass. */
const SEED = 20_261_125;
/** Generated requests per operation: 50 operations-worth of these keep the run to about a minute. */
const RUNS_PER_OPERATION = 80;

type Parameter = { name: string; in: "path" | "query" | "header"; schema?: JsonSchema };
type Operation = {
  security?: Array<Record<string, unknown>>;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};
type OpenApi = {
  security?: Array<Record<string, unknown>>;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

let doc: OpenApi;
let moduleKey: string;
let moduleId: string;
let accountId: string;

beforeAll(async () => {
  doc = await expectStatus<OpenApi>(await call("/openapi.json"), 200);
  const made = await provision({ rate_limit_per_hour: 1_000_000, allowed_models: [], allow_passthrough: true });
  moduleKey = made.secret_key;
  // A second module is the `{id}` of admin routes: fuzzing may revoke, rotate or delete it.
  moduleId = (await provision()).module_id;
  accountId = await createAccount(true);
});

/** Every operation of the published document: method, path template, how it authenticates, its body schema. */
function operations() {
  const out: Array<{ method: string; path: string; op: Operation; auth: "admin" | "module" | "none" }> = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const security = op.security ?? doc.security ?? [];
      const auth = security.some((s) => "ModuleKey" in s)
        ? "module"
        : security.some((s) => "AdminKey" in s)
          ? "admin"
          : "none";
      out.push({ method: method.toUpperCase(), path, op, auth });
    }
  }
  return out;
}

/** A path parameter: usually a real id (so the handler runs), sometimes anything at all. */
function pathValue(name: string): fc.Arbitrary<string> {
  const real =
    name === "id"
      ? fc.constantFrom(moduleId, accountId)
      : name === "provider"
        ? fc.constantFrom("openai", "anthropic", "gemini", "mock")
        : name === "model"
          ? fc.constantFrom("mock/echo", "openai/gpt-4o-mini")
          : fc.constantFrom("chat/completions", "v1/messages", "models");
  return fc.oneof({ weight: 3, arbitrary: real }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });
}

/** A body as sent: JSON text (`raw`), or none. */
type Body = { raw?: string };

/** A JSON body nested 100 to 100,000 levels deep inside an otherwise plausible object. */
const deepBody: fc.Arbitrary<Body> = fc.integer({ min: 100, max: 100_000 }).map((depth) => ({
  raw: `{"model":"mock/echo","name":"deep","messages":[{"role":"user","content":"hi"}],"x":${"[".repeat(depth)}${"]".repeat(depth)}}`,
}));

/** A generated request for one operation: its URL, and a JSON body, a raw non-JSON body, or none. */
function requestFor(_path: string, op: Operation) {
  const params = op.parameters ?? [];
  const pathParams = Object.fromEntries(params.filter((p) => p.in === "path").map((p) => [p.name, pathValue(p.name)]));
  const queryParams = Object.fromEntries(
    params
      .filter((p) => p.in === "query")
      .map((p) => [
        p.name,
        fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)), { nil: undefined }),
      ]),
  );
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  const components = doc.components?.schemas ?? {};
  const json = (value: unknown): Body => ({ raw: JSON.stringify(value) ?? "null" });
  const body: fc.Arbitrary<Body> = schema
    ? fc.oneof(
        { weight: 12, arbitrary: arbitraryFor(schema, components).map(json) },
        { weight: 2, arbitrary: anyJson.map(json) },
        { weight: 2, arbitrary: fc.string({ maxLength: 200 }).map((raw) => ({ raw })) },
        { weight: 1, arbitrary: deepBody },
      )
    : fc.constant({});
  return fc.record({ pathParams: fc.record(pathParams), query: fc.record(queryParams), body });
}

function urlOf(template: string, pathParams: Record<string, string>, query: Record<string, string | undefined>) {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === "path" ? (pathParams[name] ?? "") : encodeURIComponent(pathParams[name] ?? ""),
  );
  const search = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
  return search ? `${path}?${search}` : path;
}

describe("no input makes the gateway answer 500 (property test and fuzz over /openapi.json)", () => {
  it("covers every route the document publishes", () => {
    const paths = operations().map((o) => `${o.method} ${o.path}`);
    for (const expected of [
      "POST /api/v1/chat/completions",
      "POST /api/v1/modules/provision",
      "PATCH /api/v1/modules/{id}",
    ]) {
      expect(paths).toContain(expected);
    }
    expect(paths.length).toBeGreaterThanOrEqual(20);
  });

  it("answers a body nested 1,000 to 400,000 levels deep with 400 invalid_request on every JSON route (BAD-1)", async () => {
    const real: Record<string, string> = {
      id: moduleId,
      provider: "openai",
      path: "chat/completions",
      model: "mock/echo",
    };
    for (const { method, path, op, auth } of operations()) {
      if (!op.requestBody?.content?.["application/json"]) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => real[name] ?? "x");
      const headers: Record<string, string> = { "content-type": "application/json" };
      headers["x-api-key"] = auth === "module" ? moduleKey : env.ADMIN_API_KEY;
      await fc.assert(
        // Within the 1 MB body limit: 2 bytes a level for arrays, 6 for objects.
        fc.asyncProperty(
          fc.oneof(
            fc.record({ depth: fc.integer({ min: 1_000, max: 400_000 }), arrays: fc.constant(true) }),
            fc.record({ depth: fc.integer({ min: 1_000, max: 150_000 }), arrays: fc.constant(false) }),
          ),
          async ({ depth, arrays }) => {
            const deep = arrays
              ? `${"[".repeat(depth)}${"]".repeat(depth)}`
              : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
            const rawBody = `{"model":"gpt-4o-mini","name":"deep","messages":[{"role":"user","content":"hi"}],"metadata":${deep}}`;
            const res = await call(url, { method, headers, rawBody });
            const text = await res.text();
            expect(res.status, `${method} ${path} at depth ${depth}: ${text.slice(0, 200)}`).toBe(400);
            expect(text).toContain("MAX_JSON_DEPTH");
          },
        ),
        { seed: SEED, numRuns: 6 },
      );
    }
  });

  it("answers thousands of generated bodies, parameters and raw payloads on every route without a 500, errors in the contract's shape", async () => {
    let sent = 0;
    for (const { method, path, op, auth } of operations()) {
      await fc.assert(
        fc.asyncProperty(requestFor(path, op), async ({ pathParams, query, body }) => {
          const headers: Record<string, string> = {};
          if (auth === "admin") headers["x-api-key"] = env.ADMIN_API_KEY;
          if (auth === "module") headers["x-api-key"] = moduleKey;
          if (body.raw !== undefined) headers["content-type"] = "application/json";
          const res = await call(urlOf(path, pathParams, query), { method, headers, rawBody: body.raw });
          sent++;
          const text = await res.text();
          const where = `${method} ${path} → ${res.status}: ${text.slice(0, 300)}`;
          expect(res.status, where).not.toBe(500);
          expect(res.status, where).toBeLessThan(600);
          // The gateway's own errors are contract-shaped; the passthrough relays the provider's own.
          if (res.status >= 400 && !path.startsWith("/api/v1/providers/") && res.status !== 404) {
            const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
            expect(typeof parsed.error?.code, where).toBe("string");
            expect(typeof parsed.error?.message, where).toBe("string");
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(RUNS_PER_OPERATION * 20);
  }, 300_000);
});
