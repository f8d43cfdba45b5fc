import { describe, expect, it } from "vitest";
import { admin, expectError, expectStatus, provision } from "../../../helpers/api";

type Page = { modules: Array<{ module_id: string; name: string; status: string }>; next_cursor: string | null };

async function listAll(query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const path: string = `/api/v1/modules?limit=2&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page: Page = await expectStatus<Page>(await admin(path), 200);
    ids.push(...page.modules.map((m) => m.module_id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

async function account(name: string): Promise<string> {
  const res = await admin("/api/v1/accounts", { method: "POST", body: { name } });
  return (await expectStatus<{ account_id: string }>(res, 201)).account_id;
}

describe("GET /api/v1/modules filters", () => {
  it("finds modules by a case-insensitive name substring, across pages", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const a = await provision({ name: `Recipe ${tag} one` });
    const b = await provision({ name: `recipe ${tag.toUpperCase()} two` });
    const c = await provision({ name: `RECIPE ${tag} three` });
    await provision({ name: `Other ${crypto.randomUUID()}` });
    const ids = await listAll(`q=${encodeURIComponent(`ipe ${tag}`)}`);
    expect(ids.sort()).toEqual([a.module_id, b.module_id, c.module_id].sort());
  });

  it("treats % and _ in q as plain characters", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const literal = await provision({ name: `100%_${tag}` });
    await provision({ name: `100ab${tag}` });
    expect(await listAll(`q=${encodeURIComponent(`%_${tag}`)}`)).toEqual([literal.module_id]);
  });

  it("filters by status: active, disabled, revoked and expired", async () => {
    const acc = await account("status filter");
    const active = await provision({ account_id: acc });
    const disabled = await provision({ account_id: acc });
    const revoked = await provision({ account_id: acc });
    const expired = await provision({ account_id: acc });
    await expectStatus(await admin(`/api/v1/modules/${disabled.module_id}/disable`, { method: "POST" }), 200);
    await expectStatus(await admin(`/api/v1/modules/${revoked.module_id}/revoke`, { method: "POST" }), 200);
    // Expire one by setting its expiry to the past directly (the API only accepts future times).
    const { env } = await import("cloudflare:workers");
    await env.DB.prepare("UPDATE modules SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1000, expired.module_id)
      .run();
    const by = (status: string) => listAll(`account_id=${acc}&status=${status}`);
    expect(await by("active")).toEqual([active.module_id]);
    expect(await by("disabled")).toEqual([disabled.module_id]);
    expect(await by("revoked")).toEqual([revoked.module_id]);
    expect(await by("expired")).toEqual([expired.module_id]);
  });

  it("filters by account_id, combined with q", async () => {
    const acc = await account("filter by account");
    const other = await account("another account");
    const mine = await provision({ account_id: acc, name: "alpha widget" });
    const mine2 = await provision({ account_id: acc, name: "beta widget" });
    await provision({ account_id: other, name: "alpha widget" });
    expect((await listAll(`account_id=${acc}`)).sort()).toEqual([mine.module_id, mine2.module_id].sort());
    expect(await listAll(`account_id=${acc}&q=alpha`)).toEqual([mine.module_id]);
  });

  it("answers 400 naming the parameter for an unknown status", async () => {
    const message = await expectError(await admin("/api/v1/modules?status=paused"), 400, "invalid_request");
    expect(message).toContain("status");
  });
});
