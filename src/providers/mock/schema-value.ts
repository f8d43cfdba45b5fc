type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * A value that fits a JSON Schema, built from the user's text: strings get the text, numbers its
 * word count, booleans `true`, arrays one item, objects every property; `enum`/`const` their
 * first value, `anyOf`/`oneOf` their first branch. What the mock puts in tool arguments and in
 * structured output, so both work offline.
 */
export function schemaValue(schema: unknown, text: string, depth = 0): unknown {
  if (!isSchema(schema) || depth > 8) return null;
  if (Array.isArray(schema.enum)) return schema.enum[0] ?? null;
  if (schema.const !== undefined) return schema.const;
  const branch = (Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : [])[0];
  if (branch !== undefined) return schemaValue(branch, text, depth + 1);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== "null") ?? (isSchema(schema.properties) ? "object" : types[0]);
  switch (type) {
    case "string":
      return text;
    case "number":
    case "integer":
      return wordCount(text);
    case "boolean":
      return true;
    case "array":
      return schema.items === undefined ? [] : [schemaValue(schema.items, text, depth + 1)];
    case "object": {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([name, inner]) => [name, schemaValue(inner, text, depth + 1)]),
      );
    }
    default:
      return null;
  }
}
