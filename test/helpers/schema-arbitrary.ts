import fc from "fast-check";

/** The parts of JSON Schema (as @hono/zod-openapi emits it) the generator understands. */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
};

/** Hostile scalars: odd Unicode, huge and tiny numbers, injection-shaped strings. */
const hostile = fc.oneof(
  fc.constantFrom(
    "",
    "\u0000",
    "\ud800",
    "𝕳𝖊𝖑𝖑𝖔",
    "‮override",
    "../../etc/passwd",
    "http://169.254.169.254/",
    "%00%2e%2e/",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal Log4Shell probe, not a template
    "${jndi:x}",
    "A".repeat(5000),
  ),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.1, Number.MAX_SAFE_INTEGER, -1, 0, 1e-320),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/** Any JSON value, nested a little, hostile leaves included. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostile,
    fc.boolean(),
    fc.constant(null),
    fc.integer(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/**
 * Bodies shaped by a JSON Schema, with `$ref`s resolved against `components`: mostly values the
 * schema describes (so the request gets past validation into the handler), sometimes a field of
 * the wrong type or a hostile value in its place (so validation and handlers see every kind of
 * mistake). Depth is bounded.
 */
export function arbitraryFor(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  depth = 0,
): fc.Arbitrary<unknown> {
  const resolved = schema.$ref ? (components[schema.$ref.replace("#/components/schemas/", "")] ?? {}) : schema;
  const shaped = shapedBy(resolved, components, depth);
  return fc.oneof(
    { weight: 8, arbitrary: shaped },
    { weight: 1, arbitrary: hostile },
    { weight: 1, arbitrary: anyJson },
  );
}

function shapedBy(s: JsonSchema, components: Record<string, JsonSchema>, depth: number): fc.Arbitrary<unknown> {
  if (depth > 5) return anyJson;
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const variants = s.anyOf ?? s.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => arbitraryFor(v, components, depth + 1)));
  if (s.allOf?.length) return arbitraryFor(s.allOf[0] ?? {}, components, depth + 1);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => shapedBy({ ...s, type }, components, depth)));
  switch (types[0]) {
    case "object": {
      const properties = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, sub] of Object.entries(properties)) fields[name] = arbitraryFor(sub, components, depth + 1);
      const requiredKeys = Object.keys(fields).filter((k) => required.has(k));
      return fc.record(fields, { requiredKeys });
    }
    case "array":
      return fc.array(arbitraryFor(s.items ?? {}, components, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, 4),
      });
    case "string":
      if (s.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 200) });
    case "integer":
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case "number":
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return anyJson;
  }
}
