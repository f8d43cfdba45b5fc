import type { PassthroughEndpoint, PassthroughSpec } from "./endpoint";

/** A model id in a path segment: what provider model names are made of, nothing that could nest. */
const MODEL_SEGMENT = "([A-Za-z0-9][A-Za-z0-9._-]{0,127})";

const compiled = new Map<string, RegExp>();

/** The endpoint's path as an anchored, case-sensitive pattern; `{model}` captures one model id. */
function patternOf(path: string): RegExp {
  let pattern = compiled.get(path);
  if (!pattern) {
    const source = path
      .split("{model}")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(MODEL_SEGMENT);
    pattern = new RegExp(`^${source}$`);
    compiled.set(path, pattern);
  }
  return pattern;
}

export type EndpointMatch = { endpoint: PassthroughEndpoint; pathModel: string | null };

/** The allowlisted endpoint a method and canonical path select, or null: exact matches only. */
export function matchEndpoint(spec: PassthroughSpec, method: string, path: string): EndpointMatch | null {
  for (const endpoint of spec.endpoints) {
    if (endpoint.method !== method) continue;
    const match = patternOf(endpoint.path).exec(path);
    if (match) return { endpoint, pathModel: match[1] ?? null };
  }
  return null;
}

/** The allowlist as `METHOD path` lines, for error messages and the OpenAPI description. */
export function describeAllowlist(spec: PassthroughSpec): string[] {
  return spec.endpoints.map((e) => `${e.method} ${e.path}`);
}
