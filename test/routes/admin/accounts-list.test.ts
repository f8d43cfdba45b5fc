import { describe, expect, it } from "vitest";
import { admin, call, expectError, expectStatus } from "../../helpers/api";

type Page = { accounts: Array<{ account_id: string; name: string }>; next_cursor: string | null };

describe("GET /api/v1/accounts", () => {
  it("lists accounts newest first, one page at a time, every account exactly once", async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await admin("/api/v1/accounts", { method: "POST", body: { name: `listed ${i}` } });
      made.push((await expectStatus<{ account_id: string }>(res, 201)).account_id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/api/v1/accounts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page: Page = await expectStatus<Page>(await admin(path), 200);
      expect(page.accounts.length).toBeLessThanOrEqual(2);
      seen.push(...page.accounts.map((a) => a.account_id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of made) expect(seen).toContain(id);
    // Newest first: the five made here appear in reverse creation order.
    expect(seen.filter((id) => made.includes(id))).toEqual([...made].reverse());
  });

  it("answers 400 for a cursor it did not issue and for a limit out of range", async () => {
    expect(await expectError(await admin("/api/v1/accounts?cursor=nope"), 400, "invalid_request")).toContain("cursor");
    expect(await expectError(await admin("/api/v1/accounts?limit=0"), 400, "invalid_request")).toContain("limit");
  });

  it("needs the admin key", async () => {
    await expectError(await call("/api/v1/accounts"), 401, "missing_key");
  });
});
