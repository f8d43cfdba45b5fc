import { describe, expect, it } from "vitest";
import { provision } from "../../helpers/api";
import {
  canaryKey,
  chat,
  chatBody,
  createAccount,
  newTag,
  putProviderKey,
  upstreamRequests,
} from "../../helpers/upstream";

describe("provider keys are per request arguments", () => {
  it("sends each of 500 interleaved concurrent requests from two accounts with its own account's key", async () => {
    const keyA = canaryKey("a");
    const keyB = canaryKey("b");
    const [accountA, accountB] = await Promise.all([createAccount(), createAccount()]);
    await Promise.all([putProviderKey(accountA, "openai", keyA), putProviderKey(accountB, "openai", keyB)]);
    const [moduleA, moduleB] = await Promise.all([
      provision({ account_id: accountA }),
      provision({ account_id: accountB }),
    ]);
    const tag = newTag();
    const requests = Array.from({ length: 500 }, (_, i) => {
      const who = i % 2 === 0 ? "A" : "B";
      const key = who === "A" ? moduleA.secret_key : moduleB.secret_key;
      return { who, send: () => chat(key, chatBody("openai/gpt-4o-mini", tag, {}, `who:${who}-${i} behave:jitter`)) };
    });
    const responses = await Promise.all(requests.map((r) => r.send()));
    const statuses = await Promise.all(
      responses.map(async (res) => `${res.status} ${res.status === 200 ? "" : await res.text()}`),
    );
    expect(statuses.filter((s) => !s.startsWith("200"))).toEqual([]);

    const recorded = await upstreamRequests(tag);
    expect(recorded).toHaveLength(500);
    let mismatches = 0;
    for (const r of recorded) {
      const who = /who:(A|B)-/.exec(r.body)?.[1];
      const expected = who === "A" ? keyA : keyB;
      if (r.headers.authorization !== `Bearer ${expected}`) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
