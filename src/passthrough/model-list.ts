import { isJsonObject, type ModelList } from "./endpoint";

/**
 * A provider's model list answer with only the models the key may use (`allowed` by id): the
 * rest of the organisation's models, fine-tuned ones included, whose ids name the organisation,
 * stay behind. Entries without an id are dropped too. Text that is not a list of that shape is
 * returned as it is.
 */
export function filterModelList(text: string, list: ModelList, allowed: (model: string) => boolean): string {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isJsonObject(answer)) return text;
  const entries = answer[list.field];
  if (!Array.isArray(entries)) return text;
  answer[list.field] = entries.filter((entry) => {
    const id = isJsonObject(entry) ? list.idOf(entry) : null;
    return id !== null && allowed(id);
  });
  return JSON.stringify(answer);
}
