import { isJsonObject, type JsonObject } from "./endpoint";

/** The object entries of a body's `tools` array, with their index (anything else the provider rejects itself). */
export function toolEntries(body: JsonObject): Array<[number, JsonObject]> {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.flatMap((tool, index): Array<[number, JsonObject]> => (isJsonObject(tool) ? [[index, tool]] : []));
}

/** A dated tool type (`web_search_20250305`, `code_execution_20250522`) without its date. */
export function undated(type: string): string {
  return type.replace(/_\d{8}$/, "");
}
