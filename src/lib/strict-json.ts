import { visit } from "jsonc-parser";

export type StrictJson = { ok: true; value: unknown } | { ok: false; message: string };

/** `a.b[2].c` for a JSON path, for messages that name the field. */
function pathName(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    "",
  );
}

/**
 * Parses JSON text and refuses an object that names the same key twice (escaped spellings
 * such as `"\u006dodel"` count as the same key). `JSON.parse` keeps the last duplicate while
 * other parsers keep the first, so a body with duplicates can mean one thing to the check and
 * another to the provider; refusing it leaves no room for that.
 */
export function parseStrictJson(text: string): StrictJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: "body: must be valid JSON." };
  }
  const seen: Array<Set<string>> = [];
  let duplicate: string | null = null;
  visit(
    text,
    {
      onObjectBegin: () => {
        seen.push(new Set());
      },
      onObjectEnd: () => {
        seen.pop();
      },
      onObjectProperty: (property, _offset, _length, _line, _char, pathSupplier) => {
        const keys = seen[seen.length - 1];
        if (!keys || duplicate !== null) return;
        if (keys.has(property)) duplicate = pathName([...pathSupplier(), property]);
        keys.add(property);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  if (duplicate !== null) {
    return { ok: false, message: `${duplicate}: appears twice in the body; send each field once.` };
  }
  return { ok: true, value };
}
