import { ApiError } from "../../errors/api-error";

/** Where the previous page of a newest-first list ended: its last row's creation time and id. */
export type Cursor = { createdAt: number; id: string };

function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.createdAt, cursor.id])).replace(/=+$/, "");
}

/** The cursor a client sent back, or 400 `invalid_request` naming `cursor`. */
export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined) return undefined;
  try {
    const [createdAt, id] = JSON.parse(atob(text)) as [unknown, unknown];
    if (typeof createdAt === "number" && typeof id === "string") return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw new ApiError(
    "invalid_request",
    "cursor: not a cursor this gateway issued; pass next_cursor from the previous page.",
  );
}

/**
 * One page from `limit + 1` rows read after the cursor: the first `limit` rows and the cursor of
 * the next page, or null when there is none.
 */
export function pageOf<T extends Cursor>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return { page, nextCursor };
}
