import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, expectError, expectStatus, provision } from "../../helpers/api";
import {
  canaryKey,
  chat,
  chatBody,
  createAccount,
  newTag,
  putProviderKey,
  upstreamRequests,
} from "../../helpers/upstream";

describe("provider key resolution", () => {
  it("uses the gateway default key for a module without an account", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    await expectStatus(await chat(secret_key, chatBody("openai/gpt-4o-mini", tag)), 200);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.headers.authorization).toBe(`Bearer ${env.OPENAI_API_KEY}`);
  });

  it("uses the account's own key when it has one, even when it opted in to the gateway's", async () => {
    const account = await createAccount(true);
    const own = canaryKey("own");
    await putProviderKey(account, "anthropic", own);
    const { secret_key } = await provision({ account_id: account });
    const tag = newTag();
    await expectStatus(await chat(secret_key, chatBody("anthropic/claude-sonnet-4-5", tag)), 200);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.headers["x-api-key"]).toBe(own);
  });

  it("answers 424 naming the provider, with no upstream call, when the account has no key and did not opt in", async () => {
    const account = await createAccount(false);
    const { secret_key } = await provision({ account_id: account });
    const tag = newTag();
    const message = await expectError(
      await chat(secret_key, chatBody("openai/gpt-4o-mini", tag)),
      424,
      "provider_key_missing",
    );
    expect(message).toContain("openai");
    expect(message).toContain("allow_gateway_keys");
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("falls back to the gateway key only after the account opts in", async () => {
    const account = await createAccount(false);
    const { secret_key } = await provision({ account_id: account });
    await expectError(
      await chat(secret_key, chatBody("gemini/gemini-2.5-flash", newTag())),
      424,
      "provider_key_missing",
    );
    await expectStatus(
      await admin(`/api/v1/accounts/${account}`, { method: "PATCH", body: { allow_gateway_keys: true } }),
      200,
    );
    const tag = newTag();
    await expectStatus(await chat(secret_key, chatBody("gemini/gemini-2.5-flash", tag)), 200);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.headers["x-goog-api-key"]).toBe(env.GEMINI_API_KEY);
  });

  it("answers 424 when neither the account nor the gateway has a key for the provider", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const message = await expectError(
      await chat(secret_key, chatBody("mistral/mistral-small-latest", tag)),
      424,
      "provider_key_missing",
    );
    expect(message).toContain("mistral");
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("fails closed with 424 on an undecryptable key, never spending the gateway's key", async () => {
    const account = await createAccount(true);
    await putProviderKey(account, "openai", canaryKey("corrupt"));
    await env.DB.prepare("UPDATE provider_keys SET ciphertext = ? WHERE account_id = ?")
      .bind(btoa("x".repeat(48)), account)
      .run();
    const { secret_key } = await provision({ account_id: account });
    const tag = newTag();
    const message = await expectError(
      await chat(secret_key, chatBody("openai/gpt-4o-mini", tag)),
      424,
      "provider_key_missing",
    );
    expect(message).toContain("decrypt");
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("needs no key for the mock provider", async () => {
    const account = await createAccount(false);
    const { secret_key } = await provision({ account_id: account });
    await expectStatus(
      await chat(secret_key, { model: "mock/echo", messages: [{ role: "user", content: "hi" }] }),
      200,
    );
  });
});
