import { isJsonObject, type JsonObject } from "./endpoint";

/** The value at a dotted path (`generationConfig.maxOutputTokens`); undefined when any step is missing. */
export function readField(body: JsonObject, path: string): unknown {
  let node: unknown = body;
  for (const part of path.split(".")) {
    if (!isJsonObject(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/**
 * Sets the value at a dotted path, creating missing objects on the way. Returns false when a
 * step exists but is not an object (the caller refuses such a body).
 */
export function writeField(body: JsonObject, path: string, value: unknown): boolean {
  const parts = path.split(".");
  const last = parts.pop();
  if (last === undefined) return false;
  let node: JsonObject = body;
  for (const part of parts) {
    const next = Object.hasOwn(node, part) ? node[part] : undefined;
    if (next === undefined || next === null) {
      const created: JsonObject = {};
      node[part] = created;
      node = created;
    } else if (isJsonObject(next)) {
      node = next;
    } else {
      return false;
    }
  }
  node[last] = value;
  return true;
}

export type TokenLimit = { ok: true; value: number } | { ok: false; message: string };

/**
 * The output-token limit a body asks for under the key's cap: every cap field it names must
 * be a whole number from 1 to the cap; when it names none, the cap is written into
 * `inject`. A larger request is refused rather than clamped, so a native SDK is told why.
 */
export function applyTokenCap(
  body: JsonObject,
  fields: readonly string[],
  inject: string | null,
  cap: number,
): TokenLimit {
  let asked: number | null = null;
  for (const field of fields) {
    const value = readField(body, field);
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > cap) {
      return { ok: false, message: `${field}: must be a whole number from 1 to ${cap} for this key.` };
    }
    asked = Math.max(asked ?? 0, value);
  }
  if (asked !== null) return { ok: true, value: asked };
  if (inject === null) return { ok: true, value: 0 };
  if (!writeField(body, inject, cap)) {
    return { ok: false, message: `${inject.split(".")[0]}: must be an object.` };
  }
  return { ok: true, value: cap };
}

/** Refuses a multiplier field (`n`, `best_of`, `candidateCount`) above 1: one answer per request. */
export function refuseMultipliers(body: JsonObject, fields: readonly string[]): string | null {
  for (const field of fields) {
    const value = readField(body, field);
    if (value === undefined || value === null || value === 1) continue;
    return `${field}: must be 1 on the passthrough (more answers per request would multiply the key's output cap).`;
  }
  return null;
}
