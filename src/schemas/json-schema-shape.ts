const JSON_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

type Problem = { path: (string | number)[]; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The first structural fault of a JSON Schema that a provider would reject (or worse, accept and
 * misread): a `type` that is no JSON type, `properties` that are not schemas, `required` naming
 * no declared property, `items` that is not a schema. Not a full meta-schema validation (a
 * validator that compiles schemas needs `eval`, which Workers forbid); the checks the providers'
 * own 400s are about.
 */
export function schemaProblem(schema: unknown, path: (string | number)[] = []): Problem | null {
  if (typeof schema === "boolean") return null;
  if (!isObject(schema)) return { path, message: "must be a JSON Schema object" };
  const type = schema.type;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    const bad = types.find((t) => typeof t !== "string" || !JSON_TYPES.has(t));
    if (bad !== undefined || types.length === 0) {
      return { path: [...path, "type"], message: `must be one of ${[...JSON_TYPES].join(", ")}` };
    }
  }
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties)) return { path: [...path, "properties"], message: "must be an object of schemas" };
    for (const [name, inner] of Object.entries(schema.properties)) {
      const problem = schemaProblem(inner, [...path, "properties", name]);
      if (problem) return problem;
    }
  }
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required) || schema.required.some((r) => typeof r !== "string")) {
      return { path: [...path, "required"], message: "must be an array of property names" };
    }
    const declared = isObject(schema.properties) ? schema.properties : {};
    const missing = schema.required.find((r) => typeof r === "string" && !Object.hasOwn(declared, r));
    if (missing !== undefined && isObject(schema.properties)) {
      return { path: [...path, "required"], message: `names "${missing}", which is not in properties` };
    }
  }
  if (schema.items !== undefined && !Array.isArray(schema.items)) {
    const problem = schemaProblem(schema.items, [...path, "items"]);
    if (problem) return problem;
  }
  for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
    const list = schema[keyword];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return { path: [...path, keyword], message: "must be an array of schemas" };
    for (const [i, inner] of list.entries()) {
      const problem = schemaProblem(inner, [...path, keyword, i]);
      if (problem) return problem;
    }
  }
  return null;
}

/** Function parameters: a schema whose root describes an object, as every provider requires. */
export function parametersProblem(schema: unknown): Problem | null {
  if (!isObject(schema)) return { path: [], message: "must be a JSON Schema object" };
  if (schema.type !== undefined && schema.type !== "object") {
    return { path: ["type"], message: 'must be "object": function parameters are an object of named arguments' };
  }
  return schemaProblem(schema);
}
