import { describe, expect, it } from "vitest";
import { ai, expectError, expectStatus, provision } from "../../../helpers/api";
import { createAccount, putProviderKey } from "../../../helpers/upstream";

type ModelList = { object: string; data: Array<{ id: string; object: string; owned_by: string }> };

describe("GET /models and GET /models/{provider}/{model}", () => {
  it("answers one model by its id, with the slash sent as is or URL-encoded (as the OpenAI SDK sends it)", async () => {
    const { secret_key } = await provision();
    for (const path of ["/api/v1/models/openai/gpt-4o-mini", "/api/v1/models/openai%2Fgpt-4o-mini"]) {
      const body = await expectStatus(await ai(path, secret_key), 200);
      expect(body).toEqual({ id: "openai/gpt-4o-mini", object: "model", created: 0, owned_by: "openai" });
    }
    const nested = await expectStatus(await ai("/api/v1/models/openrouter%2Fopenrouter%2Fauto", secret_key), 200);
    expect(nested.id).toBe("openrouter/openrouter/auto");
  });

  it("answers 404 for a model outside the key's allowlist or of an unknown provider", async () => {
    const { secret_key } = await provision({ allowed_models: ["mock/echo"] });
    expect(await expectError(await ai("/api/v1/models/openai/gpt-4o-mini", secret_key), 404, "not_found")).toContain(
      'No model "openai/gpt-4o-mini" for this key',
    );
    await expectError(await ai("/api/v1/models/nope%2Fthing", secret_key), 404, "not_found");
    await expectStatus(await ai("/api/v1/models/mock/echo", secret_key), 200);
  });

  it("leaves out providers with no usable key for the key's account", async () => {
    // An account that has not opted in to the gateway's keys and holds only an Anthropic key.
    const accountId = await createAccount(false);
    await putProviderKey(accountId, "anthropic", "sk-ant-test-key");
    const { secret_key } = await provision({ account_id: accountId });
    const list = await expectStatus<ModelList>(await ai("/api/v1/models", secret_key), 200);
    const providers = new Set(list.data.map((m) => m.owned_by));
    expect([...providers].sort()).toEqual(["anthropic", "mock"]);
    await expectError(await ai("/api/v1/models/openai/gpt-4o-mini", secret_key), 404, "not_found");
  });

  it("leaves out a provider whose gateway key is not configured (mistral in the tests) for a key without account", async () => {
    const { secret_key } = await provision();
    const list = await expectStatus<ModelList>(await ai("/api/v1/models", secret_key), 200);
    const providers = new Set(list.data.map((m) => m.owned_by));
    expect(providers.has("openai")).toBe(true);
    expect(providers.has("gemini")).toBe(true);
    expect(providers.has("mistral")).toBe(false);
  });
});
