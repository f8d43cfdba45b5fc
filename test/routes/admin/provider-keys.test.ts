import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, call, expectError, expectStatus, provision } from "../../helpers/api";
import {
  canaryKey,
  chat,
  chatBody,
  createAccount,
  newTag,
  putProviderKey,
  upstreamRequests,
} from "../../helpers/upstream";

type Row = { account_id: string; provider: string; ciphertext: string; iv: string; last4: string };

describe("account provider keys (BYOK)", () => {
  it("stores the key encrypted: the D1 row holds neither the key nor any long piece of it", async () => {
    const account = await createAccount();
    const key = canaryKey("at-rest");
    await putProviderKey(account, "openai", key);
    const rows = await env.DB.prepare("SELECT * FROM provider_keys WHERE account_id = ?").bind(account).all<Row>();
    const dump = JSON.stringify(rows.results);
    expect(rows.results).toHaveLength(1);
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key.slice(12, 28));
    expect(dump).not.toContain(btoa(key).slice(0, 16));
    expect(rows.results[0]?.last4).toBe(key.slice(-4));
  });

  it("lists keys only by their last four characters", async () => {
    const account = await createAccount();
    const key = canaryKey("list");
    await putProviderKey(account, "anthropic", key);
    const res = await admin(`/api/v1/accounts/${account}/provider-keys`);
    const text = await res.clone().text();
    const body = await expectStatus<{ provider_keys: Array<Record<string, unknown>> }>(res, 200);
    expect(body.provider_keys).toEqual([
      { provider: "anthropic", last4: key.slice(-4), updated_at: expect.any(String) },
    ]);
    expect(text).not.toContain(key.slice(0, -4));
  });

  it("does not decrypt a ciphertext copied to another account's row", async () => {
    const [victim, thief] = await Promise.all([createAccount(true), createAccount(true)]);
    const key = canaryKey("victim");
    await putProviderKey(victim, "openai", key);
    await putProviderKey(thief, "openai", canaryKey("thief"));
    const stolen = await env.DB.prepare("SELECT ciphertext, iv FROM provider_keys WHERE account_id = ?")
      .bind(victim)
      .first<Row>();
    await env.DB.prepare("UPDATE provider_keys SET ciphertext = ?, iv = ? WHERE account_id = ?")
      .bind(stolen?.ciphertext, stolen?.iv, thief)
      .run();
    const { secret_key } = await provision({ account_id: thief });
    const tag = newTag();
    await expectError(await chat(secret_key, chatBody("openai/gpt-4o-mini", tag)), 424, "provider_key_missing");
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("replaces a key on PUT and forgets it on DELETE", async () => {
    const account = await createAccount();
    await putProviderKey(account, "groq", canaryKey("one"));
    const second = canaryKey("two");
    await putProviderKey(account, "groq", second);
    const { secret_key } = await provision({ account_id: account });
    const tag = newTag();
    await expectStatus(await chat(secret_key, chatBody("groq/llama-3.3-70b-versatile", tag)), 200);
    expect((await upstreamRequests(tag))[0]?.headers.authorization).toBe(`Bearer ${second}`);
    await expectStatus(await admin(`/api/v1/accounts/${account}/provider-keys/groq`, { method: "DELETE" }), 204);
    await expectError(
      await admin(`/api/v1/accounts/${account}/provider-keys/groq`, { method: "DELETE" }),
      404,
      "not_found",
    );
    await expectError(
      await chat(secret_key, chatBody("groq/llama-3.3-70b-versatile", newTag())),
      424,
      "provider_key_missing",
    );
  });

  it("refuses unknown providers, unknown accounts, bad bodies and callers without the admin key", async () => {
    const account = await createAccount();
    const put = (path: string, body: unknown) => admin(path, { method: "PUT", body });
    await expectError(
      await put(`/api/v1/accounts/${account}/provider-keys/nope`, { api_key: "abcdefgh1234" }),
      400,
      "invalid_request",
    );
    await expectError(
      await put(`/api/v1/accounts/${account}/provider-keys/mock`, { api_key: "abcdefgh1234" }),
      400,
      "invalid_request",
    );
    await expectError(
      await put(`/api/v1/accounts/acc_missing/provider-keys/openai`, { api_key: "abcdefgh1234" }),
      404,
      "not_found",
    );
    await expectError(await put(`/api/v1/accounts/${account}/provider-keys/openai`, {}), 400, "invalid_request");
    await expectError(
      await put(`/api/v1/accounts/${account}/provider-keys/openai`, { api_key: "short" }),
      400,
      "invalid_request",
    );
    const anon = await call(`/api/v1/accounts/${account}/provider-keys`);
    await expectError(anon, 401, "missing_key");
    const { secret_key } = await provision();
    await expectError(
      await call(`/api/v1/accounts/${account}/provider-keys`, { headers: { "x-api-key": secret_key } }),
      401,
      "invalid_key",
    );
  });
});
