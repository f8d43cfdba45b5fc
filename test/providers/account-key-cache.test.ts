import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ACCOUNT_KEY_TTL_MS } from "../../src/providers/account-keys";
import { admin, expectError, expectStatus, provision, waitUntilPast } from "../helpers/api";
import {
  canaryKey,
  chat,
  chatBody,
  createAccount,
  newTag,
  putProviderKey,
  upstreamRequests,
} from "../helpers/upstream";

/** A module of an account with its own OpenAI key, warmed by one request. */
async function warmByokKey(label: string) {
  const account = await createAccount(false);
  const own = canaryKey(label);
  await putProviderKey(account, "openai", own);
  const { secret_key } = await provision({ account_id: account });
  await expectStatus(await chat(secret_key, chatBody("openai/gpt-4o-mini", newTag())), 200);
  return { account, own, secret_key };
}

/** Removes the account's key from D1 behind the gateway's back, as an admin write served by another isolate does. */
async function deleteInD1(account: string) {
  await env.DB.prepare("DELETE FROM provider_keys WHERE account_id = ?").bind(account).run();
}

describe("BYOK provider keys read once per isolate", () => {
  it("serves a warm account key without reading D1 again", async () => {
    const { account, own, secret_key } = await warmByokKey("warm");
    await deleteInD1(account); // were D1 read, the next request would be 424
    const tag = newTag();
    await expectStatus(await chat(secret_key, chatBody("openai/gpt-4o-mini", tag)), 200);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.headers.authorization).toBe(`Bearer ${own}`);
  });

  it("stops using a deleted key at once in the isolate that served the delete", async () => {
    const { account, secret_key } = await warmByokKey("deleted");
    await expectStatus(await admin(`/api/v1/accounts/${account}/provider-keys/openai`, { method: "DELETE" }), 204);
    const tag = newTag();
    await expectError(await chat(secret_key, chatBody("openai/gpt-4o-mini", tag)), 424, "provider_key_missing");
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it(`stops using a key deleted elsewhere within ${ACCOUNT_KEY_TTL_MS} ms`, async () => {
    const { account, secret_key } = await warmByokKey("elsewhere");
    await deleteInD1(account);
    const deletedAt = Date.now();
    await waitUntilPast(deletedAt + ACCOUNT_KEY_TTL_MS);
    const tag = newTag();
    await expectError(await chat(secret_key, chatBody("openai/gpt-4o-mini", tag)), 424, "provider_key_missing");
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("uses a replaced key from the next request in the isolate that served the write", async () => {
    const { account, secret_key } = await warmByokKey("old");
    const replacement = canaryKey("new");
    await putProviderKey(account, "openai", replacement);
    const tag = newTag();
    await expectStatus(await chat(secret_key, chatBody("openai/gpt-4o-mini", tag)), 200);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.headers.authorization).toBe(`Bearer ${replacement}`);
  });
});
